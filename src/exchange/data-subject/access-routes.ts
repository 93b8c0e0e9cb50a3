import { createHmac, randomBytes } from 'node:crypto';
import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/database.ts';
import type { SnapshotSource } from '../snapshot/index.ts';
import { actorLabel } from '../../core/access.ts';
import { parseNationalCode } from '../../core/national-code.ts';
import { DEFAULT_ACCESSES_PER_PAGE, listAccesses, MAX_ACCESSES_PER_PAGE } from './accesses.ts';

const tags = ['exchange'];
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const Agency = Type.Object({ code: Type.String(), nameFa: Type.String(), nameEn: Type.String() });
const Named = Type.Object({ code: Type.String(), nameFa: nullable(Type.String()), nameEn: nullable(Type.String()) });

/**
 * What every view of a call about a person shows — the operators' (below) and the person's own
 * (src/identity/citizen-data): one description of the record, each view adding its own fields.
 */
export const accessFields = {
  at: Type.String({ format: 'date-time', description: 'When the gateway received the call.' }),
  messageId: Type.String({ description: 'The call’s `X-Road-Id`.' }),
  consumer: nullable(Type.Object({ key: Type.String(), agency: nullable(Agency), subsystem: nullable(Named) }, { description: 'The calling agency and information system; null when the caller could not be identified.' })),
  service: nullable(
    Type.Object({
      key: Type.String(),
      code: Type.String(),
      nameFa: nullable(Type.String()),
      nameEn: nullable(Type.String()),
      provider: nullable(Agency),
      catalog: nullable(Type.Object({ id: Type.String(), nameFa: Type.String(), nameEn: Type.String() }, { description: 'The catalog service this API serves.' })),
    }),
  ),
  method: Type.String(),
  endpoint: nullable(Type.String()),
  purpose: nullable(Type.String({ description: '`X-Road-Issue`: the case or purpose the consumer gave.' })),
  outcome: Type.Enum(['delivered', 'refused', 'failed', 'unknown'], {
    description: '`delivered`: the provider answered; `refused`: the gateway turned the caller away; `failed`: the exchange broke down; `unknown`: the call was forwarded to the provider but its outcome could not be recorded (only its intent record exists).',
  }),
  status: Type.Integer(),
  errorType: nullable(Type.String()),
};

const Access = Type.Object({
  ...accessFields,
  userId: nullable(Type.String({ description: '`X-Road-UserId`: the person who made the call, with its country prefix (`IR0012345678`), when the consumer said — for calls through the portal, the person signed in, who may have acted for someone else.' })),
  representedParty: nullable(Type.String({ description: '`X-Road-Represented-Party` (`[CLASS/]CODE`): the legal entity that person acted for.' })),
});

/** The national code never reaches the log: request lines name the route, not the path. */
const maskedPath = '/api/v1/exchange/data-subjects/[national code]/accesses';

/** A keyed hash of the national code, so log lines about one person can be linked by whoever holds the key. */
export function nationalCodePseudonym(key: string | Buffer): (code: string) => string {
  return (code) => createHmac('sha256', key).update(code).digest('hex').slice(0, 32);
}

/** `source`: the node's exchange configuration snapshot, which names agencies, systems and services. */
export const dataSubjectRoutes: FastifyPluginAsyncTypebox<{ db: Database; source: SnapshotSource; pseudonymKey?: string }> = async (app, { db, source, pseudonymKey }) => {
  const pseudonym = nationalCodePseudonym(pseudonymKey ?? randomBytes(32));

  app.get('/exchange/data-subjects/:nationalCode/accesses', {
    config: { access: ['operator', 'auditor'] },
    logSerializers: {
      req: (req: { method: string; id: string }) => ({ method: req.method, path: maskedPath, id: req.id }),
    },
    schema: {
      tags,
      summary: 'Who accessed a person’s data: every exchange call whose data subject was this national code, newest first',
      description:
        'Operators and auditors. Persian and Arabic-Indic digits are accepted; a malformed code or a wrong check digit is `NATIONAL_CODE_INVALID`. ' +
        'Pages are keyset-paginated: pass `nextCursor` back as `cursor`. Every read is recorded in the server log with the reader and a keyed hash of the code.',
      security: [{ bearer: [] }],
      params: Type.Object({ nationalCode: Type.String({ maxLength: 64 }) }),
      querystring: Type.Object(
        {
          from: Type.Optional(Type.String({ format: 'date-time', description: 'Only calls at or after this instant.' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'Only calls before this instant.' })),
          cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ACCESSES_PER_PAGE, default: DEFAULT_ACCESSES_PER_PAGE })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(Access), nextCursor: nullable(Type.String()) }) },
    },
    handler: async (req) => {
      const parsed = parseNationalCode(req.params.nationalCode);
      // Logged before the answer, refused reads included: asking is what is recorded.
      req.log.info(
        { event: 'data_subject_accesses_read', actor: actorLabel(req.principal), subject: parsed.ok ? pseudonym(parsed.code) : null, valid: parsed.ok },
        'who accessed a person’s data: read',
      );
      return listAccesses(db, source, req.principal, req.params.nationalCode, req.query);
    },
  });
};
