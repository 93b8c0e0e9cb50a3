import Type from 'typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/database.ts';
import type { SnapshotSource } from '../snapshot/index.ts';
import type { Principal } from '../../core/access.ts';
import { AppError } from '../../core/errors.ts';
import { addDays, defaultPeriod, MAX_USAGE_DAYS, usageFigures, usageRows, usageScopeOf, type UsageQuery, type UsageRow } from './usage.ts';

const tags = ['exchange'];
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
// Keys as the log writes them: identifier characters and percent-escapes, no spaces or controls.
const key = (description: string) => Type.String({ pattern: '^[A-Za-z0-9\'()+,\\-.=?%/]{1,1300}$', description });

const filters = {
  from: Type.Optional(day(`First day (inclusive), in the country’s time zone. Default: 29 days before \`to\`. At most ${MAX_USAGE_DAYS} days per request.`)),
  to: Type.Optional(day('Last day (inclusive). Default: today.')),
  service: Type.Optional(key('Only this service (`IR/GOV/CODE/SUBSYSTEM/service`).')),
  consumer: Type.Optional(key('Only this consumer subsystem (`IR/GOV/CODE/SUBSYSTEM`).')),
  agency: Type.Optional(Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$', description: 'Only calls where this agency provides the service or is the consumer. Agency admins always see only their own agency.' })),
};

const Totals = {
  calls: Type.Number(),
  errors: Type.Number(),
  errorRate: Type.Number(),
  latencyMeanMs: nullable(Type.Number()),
  latencyMaxMs: nullable(Type.Number()),
};
const Agency = Type.Object({ code: Type.String(), nameFa: Type.String(), nameEn: Type.String() });
const AgencyUsage = Type.Object({ agency: nullable(Agency), member: Type.String(), ...Totals });
const Figures = Type.Object({
  from: Type.String(),
  to: Type.String(),
  demo: Type.Boolean({ description: 'True when any figure comes from synthetic demo data.' }),
  totals: Type.Object(Totals),
  byDay: Type.Array(Type.Object({ day: Type.String(), calls: Type.Number(), errors: Type.Number() })),
  byProvider: Type.Array(AgencyUsage),
  byConsumer: Type.Array(AgencyUsage),
  topServices: Type.Array(
    Type.Object({
      key: Type.String(),
      code: Type.String(),
      nameFa: nullable(Type.String()),
      nameEn: nullable(Type.String()),
      catalog: nullable(Type.Object({ id: Type.String(), nameFa: Type.String(), nameEn: Type.String() })),
      provider: nullable(Agency),
      ...Totals,
    }),
  ),
});
const Row = Type.Object({
  day: Type.Optional(Type.String()),
  service: Type.String(),
  serviceNameFa: nullable(Type.String()),
  serviceNameEn: nullable(Type.String()),
  providerAgency: nullable(Type.String()),
  consumer: Type.String(),
  consumerAgency: nullable(Type.String()),
  ...Totals,
  demo: Type.Boolean(),
});

/** The caller's filters with the scope they are allowed, and the default period filled in. */
function queryOf(principal: Principal, q: { from?: string; to?: string; service?: string; consumer?: string; agency?: string }, now: Date, timeZone: string): UsageQuery {
  const scope = usageScopeOf(principal);
  if (scope.kind === 'agency' && q.agency !== undefined && q.agency !== scope.agencyCode) throw new AppError('FORBIDDEN_OTHER_AGENCY');
  const to = q.to ?? defaultPeriod(now, timeZone).to;
  const from = q.from ?? addDays(to, -29);
  return {
    from,
    to,
    timeZone,
    scope: scope.kind === 'all' && q.agency !== undefined ? { kind: 'agency', agencyCode: q.agency } : scope,
    ...(q.service !== undefined ? { service: q.service } : {}),
    ...(q.consumer !== undefined ? { consumer: q.consumer } : {}),
  };
}

const csvColumns = ['day', 'service', 'service_name_fa', 'service_name_en', 'provider_agency', 'consumer', 'consumer_agency', 'calls', 'errors', 'error_rate', 'latency_mean_ms', 'latency_max_ms'];
const csvRow = (r: UsageRow) => [r.day ?? '', r.service, r.serviceNameFa ?? '', r.serviceNameEn ?? '', r.providerAgency ?? '', r.consumer, r.consumerAgency ?? '', r.calls, r.errors, r.errorRate, r.latencyMeanMs ?? '', r.latencyMaxMs ?? ''];

/** `source`: the node's exchange configuration snapshot, which names agencies, systems and services. */
export const usageRoutes: FastifyPluginAsyncTypebox<{ db: Database; source: SnapshotSource; timeZone: string; now: () => Date }> = async (app, { db, source, timeZone, now }) => {
  const access = ['operator', 'auditor', 'agency_admin'] as const;

  app.get('/exchange/usage', {
    config: { access },
    schema: {
      tags,
      summary: 'Exchange usage per service and consumer, by day or over the period, as JSON or CSV',
      description:
        'Sums of the per-minute and per-day usage buckets. Days are calendar days in the country’s time zone (a day already rolled up into a UTC day bucket is reported on its UTC date). ' +
        'Operators and auditors see every call; an agency admin only calls where their agency provides the service or is the consumer.',
      security: [{ bearer: [] }],
      querystring: Type.Object(
        {
          ...filters,
          granularity: Type.Optional(Type.Enum(['day', 'total'], { default: 'day', description: '`day`: one row per day, service and consumer; `total`: one row per service and consumer.' })),
          format: Type.Optional(Type.Enum(['json', 'csv'], { default: 'json' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Union([Type.Object({ from: Type.String(), to: Type.String(), demo: Type.Boolean(), granularity: Type.String(), rows: Type.Array(Row) }), Type.String()]) },
    },
    handler: async (req, reply) => {
      const query = queryOf(req.principal, req.query, now(), timeZone);
      const granularity = req.query.granularity ?? 'day';
      const result = await usageRows(db, { ...query, granularity }, source);
      if (req.query.format !== 'csv') return { from: query.from, to: query.to, demo: result.demo, granularity, rows: result.rows };
      // Labelled as the insights tables are: demo in the file name and a header, the table plain.
      const name = `onewindow-${result.demo ? 'demo-' : ''}exchange-usage-${query.from}-${query.to}.csv`;
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('x-onewindow-demo-data', String(result.demo));
      return '\uFEFF' + stringify([csvColumns, ...result.rows.map(csvRow)], { record_delimiter: 'windows' });
    },
  });

  app.get('/exchange/usage/summary', {
    config: { access },
    schema: {
      tags,
      summary: 'Exchange usage figures: calls by day, by provider and consumer agency, top services, error rate, latency',
      security: [{ bearer: [] }],
      querystring: Type.Object(filters, { additionalProperties: false }),
      response: { 200: Figures },
    },
    handler: (req) => usageFigures(db, queryOf(req.principal, req.query, now(), timeZone), source),
  });
};
