import Type from 'typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../core/errors.ts';
import type { MaturityTarget } from '../core/targets.ts';
import { currentInsights, currentTables } from './reports.ts';
import type { AppDeps } from '../db/app-deps.ts';

const tags = ['insights'];

export const insightsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; targets: readonly MaturityTarget[] }> = async (app, { deps, targets }) => {
  app.get('/insights', {
    config: { access: 'public', anonymousLimit: 'heavy' },
    schema: {
      tags,
      summary: 'Every governance KPI: connection, completion, rankings by agency kind, maturity against targets, compliance',
      description: 'Computed from the registry on each call. `demo` is true when the figures come from the synthetic demo dataset.',
    },
    handler: () => currentInsights(deps, targets),
  });

  app.get('/insights/tables', {
    config: { access: 'public' },
    schema: { tags, summary: 'Names of the flat KPI tables available as CSV or JSON', response: { 200: Type.Object({ tables: Type.Array(Type.String()) }) } },
    handler: async () => ({ tables: Object.keys(currentTables(await currentInsights(deps, targets))) }),
  });

  app.get('/insights/tables/:table', {
    config: { access: 'public', anonymousLimit: 'heavy' },
    schema: {
      tags,
      summary: 'One KPI table as CSV (default) or JSON',
      params: Type.Object({ table: Type.String({ pattern: '^[a-z_]{1,60}$' }) }),
      querystring: Type.Object({ format: Type.Optional(Type.Enum(['csv', 'json'])) }, { additionalProperties: false }),
    },
    handler: async (req, reply) => {
      const report = await currentInsights(deps, targets);
      const tables = currentTables(report);
      // Own properties only: `constructor` or `__proto__` would otherwise find Object's own.
      const table = Object.hasOwn(tables, req.params.table) ? tables[req.params.table] : undefined;
      if (!table) throw new AppError('NOT_FOUND', { message: `No KPI table ${req.params.table}` });
      if (req.query.format === 'json') return { demo: report.demo, generatedAt: report.generatedAt, ...table };
      // Demo figures are labelled in the file name and a header rather than inside the CSV,
      // so the file stays a plain table that spreadsheets and scripts read as-is.
      const name = `onewindow-${report.demo ? 'demo-' : ''}${req.params.table}.csv`;
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('x-onewindow-demo-data', String(report.demo));
      return '\uFEFF' + stringify([table.columns, ...table.rows.map((r) => r.map((c) => c ?? ''))], { record_delimiter: 'windows' });
    },
  });
};
