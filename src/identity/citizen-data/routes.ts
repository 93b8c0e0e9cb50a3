import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.ts';
import { accessFields } from '../../exchange/index.ts';
import { citizenSessionOf } from '../citizen-sessions/index.ts';
import { myAccesses, type AccessesDeps } from './accesses.ts';
import { inquiryKinds } from './inquiry-kinds.ts';
import { runInquiry, type InquiryDeps } from './inquiries.ts';

const tags = ['me'];
const security = [{ citizenSession: [] }];
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const Label = Type.Object({ code: Type.String(), fa: Type.String(), en: Type.String() });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const Answer = Type.Union([
  Type.Object({ kind: Type.Literal('literacy-level'), level: Label, certifiedOn: nullable(IsoDate) }),
  Type.Object({ kind: Type.Literal('insurance-validity'), valid: Type.Boolean(), validUntil: IsoDate, fund: Label, bookletNumber: Type.String() }),
  Type.Object({ kind: Type.Literal('id-card-status'), status: Label, trackingNumber: Type.String(), history: Type.Array(Type.Object({ status: Label, date: IsoDate })) }),
]);

const InquiryResult = Type.Object({
  kind: Type.Enum([...inquiryKinds]),
  about: Type.Object({ profileKind: Type.String({ description: '`self`, `ward` or `mandate`: whom the person asked about.' }), nameFa: Type.String(), nameEn: Type.String() }),
  found: Type.Boolean({ description: 'False when the agency has no record of the person.' }),
  answer: nullable(Answer),
  messageId: nullable(Type.String({ description: 'The exchange message id of the call (`X-Road-Id`).' })),
  askedAt: Type.String({ format: 'date-time' }),
});

const MyAccess = Type.Object({
  ...accessFields,
  actedBy: nullable(
    Type.Object(
      {
        nameFa: nullable(Type.String()),
        nameEn: nullable(Type.String()),
        maskedId: Type.String({ description: 'Their identifier with all but the last four digits masked.' }),
        representedParty: nullable(Type.String()),
      },
      { description: 'Who made the call through the portal when it was not the person themself (someone acting for them); null otherwise.' },
    ),
  ),
});

const principalOf = (req: { principal: { kind: string; accountId?: string } }): string => {
  if (req.principal.kind !== 'citizen' || !req.principal.accountId) throw new AppError('UNAUTHENTICATED');
  return req.principal.accountId;
};

/** The people's own API: `GET /me/inquiries/{kind}` and `GET /me/accesses`, for the person signed in. */
export const citizenDataRoutes: FastifyPluginAsyncTypebox<{ inquiries: InquiryDeps; accesses: AccessesDeps }> = async (app, { inquiries, accesses }) => {
  app.get('/me/inquiries/:kind', {
    config: { access: 'citizen' },
    // Each call asks an agency and is logged: no HEAD that would do the same unseen.
    exposeHeadRoute: false,
    schema: {
      tags,
      security,
      summary: 'Run an inquiry about yourself, or about the person you act for',
      description:
        'Asks the agency through the exchange with the window’s own client, for the profile the session acts for (yourself, a ward, a person who gave you a mandate). ' +
        'The call is in the exchange log with you as its user (`X-Road-UserId`) and the person asked about as its data subject. ' +
        'Refusals: `INQUIRY_NOT_FOR_LEGAL_ENTITY`, `INQUIRY_NEEDS_NATIONAL_CODE`, `INQUIRY_NOT_IN_MANDATE`, `PROFILE_NOT_AVAILABLE`; the agency unreachable: 503 `INQUIRY_UNAVAILABLE`.',
      params: Type.Object({ kind: Type.Enum([...inquiryKinds]) }),
      response: { 200: InquiryResult },
    },
    handler: async (req) => {
      const accountId = principalOf(req);
      const session = await citizenSessionOf(inquiries.db, req);
      return runInquiry(inquiries, accountId, session?.activeProfileId ?? null, req.params.kind);
    },
  });

  app.get('/me/accesses', {
    config: { access: 'citizen' },
    schema: {
      tags,
      security,
      summary: 'Who accessed my data: every exchange call about you, newest first',
      description:
        'The exchange-log records whose data subject is your national code — about yourself only, whoever you act for — with who made the call when someone acting for you did. ' +
        'Keyset-paginated: pass `nextCursor` back as `cursor`. `recorded` is false for a foreign resident: the log names data subjects by national code only.',
      querystring: Type.Object(
        {
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ recorded: Type.Boolean(), items: Type.Array(MyAccess), nextCursor: nullable(Type.String()) }) },
    },
    handler: async (req) => myAccesses(accesses, principalOf(req), req.query),
  });
};
