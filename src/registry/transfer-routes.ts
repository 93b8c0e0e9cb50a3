import { Readable } from 'node:stream';
import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../core/errors.ts';
import type { Config } from '../config/schema.ts';
import { exportRegistry, importRegistry } from './transfer/index.ts';
import type { AppDeps } from '../db/app-deps.ts';

const tags = ['registry'];
const EntityParams = Type.Object({ entity: Type.Enum(['agencies', 'services']) });
const FormatQuery = Type.Object({ format: Type.Optional(Type.Enum(['csv', 'json'])) }, { additionalProperties: false });
const ImportIssue = Type.Object({ line: Type.Integer(), field: Type.Optional(Type.String()), code: Type.String(), message: Type.String() });

export const transferRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; config: Config }> = async (app, { deps, config }) => {
  // Import files are read as bytes, so CSV and JSON go through the same checks (encoding, BOM).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['text/csv', 'application/json'], { parseAs: 'buffer', bodyLimit: config.IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.post('/registry/import/:entity', {
    config: { access: ['operator', 'agency_admin'] },
    schema: {
      tags,
      summary: 'Bulk import agencies (operator) or services (operator, or an agency admin for their own agency). All or nothing.',
      description: 'Send the file as `text/csv` or `application/json` — the same columns `GET /registry/export/{entity}` writes. A file with any error changes nothing; the problem document lists every error with its line and a stable code.',
      security: [{ bearer: [] }],
      params: EntityParams,
      response: {
        200: Type.Object({ entity: Type.String(), rows: Type.Integer(), created: Type.Integer(), updated: Type.Integer(), issued: Type.Record(Type.String(), Type.String()) }),
        422: Type.Object({ code: Type.String(), errors: Type.Array(ImportIssue), errorCount: Type.Integer() }, { additionalProperties: true }),
      },
    },
    handler: async (req) => {
      const { entity } = req.params;
      if (entity === 'agencies' && req.principal.kind === 'staff' && req.principal.role !== 'operator') throw new AppError('FORBIDDEN');
      const format = req.headers['content-type']?.startsWith('text/csv') ? 'csv' : 'json';
      if (!Buffer.isBuffer(req.body)) throw new AppError('MALFORMED_REQUEST', { message: 'Send the file as the request body' });
      return importRegistry(deps, req.principal, { entity, format, bytes: req.body });
    },
  });

  app.get('/registry/export/:entity', {
    config: { access: 'public', anonymousLimit: 'heavy' },
    schema: { tags, summary: 'Export agencies or services as CSV (UTF-8 with BOM) or JSON', params: EntityParams, querystring: FormatQuery },
    handler: async (req, reply) => {
      const format = req.query.format ?? 'csv';
      reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="onewindow-${req.params.entity}.${format}"`);
      // One chunk buffered ahead of the socket: the cursor reads on only as fast as the client takes.
      return reply.send(Readable.from(exportRegistry(deps.db, req.params.entity, format), { highWaterMark: 1 }));
    },
  });
};
