/**
 * The citizen's JSON API for profiles and mandates, under `/api/v1/me/`. These are the only API
 * routes that take the portal's session cookie (a person's browser, not a machine), and only
 * with the session's synchronizer token in `X-CSRF-Token` (shown as `_csrf` on every account
 * page), from this site: src/identity/citizen-sessions/cookie.ts holds that rule for every route
 * of the people's API.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ActingFor } from '../../core/profiles.ts';
import { AppError } from '../../core/errors.ts';
import { findAccountById, type AccountRow } from '../accounts/index.ts';
import { todayFor, type ActingForDeps } from './acting-for.ts';
import { grantMandate, mandatesGiven, mandatesReceived, revokeMandate, type MandateRules } from './mandates.ts';
import { isoDay } from './mandate-input.ts';
import { addLegalEntity, listProfiles, switchProfile, type ProfileList as Listed } from './profiles.ts';
import type { MandateRow } from './profile-repository.ts';
import { actingForRequest, signedInSession } from './request.ts';
import { ActiveAnswer, LegalEntityBody, Mandate, MandateBody, MandateLists, MandateParams, Profile, ProfileList, problems, SwitchBody } from './schemas.ts';

const tags = ['me'];
/** Said on every route: these take the portal's session cookie, not a bearer token. */
const how = 'Signed-in person only: the portal session cookie `ow_session`; every call also sends the session’s token in `X-CSRF-Token`.';

const clientOf = (req: FastifyRequest) => ({ address: req.ip ?? null, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null });

async function accountOf(deps: ActingForDeps, req: FastifyRequest): Promise<{ account: AccountRow; session: Awaited<ReturnType<typeof signedInSession>> }> {
  const session = await signedInSession(deps, req);
  const account = await deps.db.run((q) => findAccountById(q, session.accountId));
  if (!account) throw new AppError('UNAUTHENTICATED');
  return { account, session };
}

const asProfile = (a: ActingFor, extra: { validFrom?: string | null; usable?: boolean } = {}) => ({
  profileId: a.profileId,
  kind: a.kind,
  subject: a.subject,
  role: a.role,
  services: a.services === null ? null : [...a.services],
  validFrom: extra.validFrom ?? null,
  validUntil: a.validUntil,
  usable: extra.usable ?? true,
});

/** The list as profiles, in the order the page shows them: self, legal entities, wards, mandates. */
export function profilesOf(list: Listed, timeZoneStartOfDay: (day: string) => string): ReturnType<typeof asProfile>[] {
  return [
    asProfile(list.self),
    ...list.legalEntities.map((e) => asProfile({ profileId: e.id, kind: 'legal_entity', subject: { identifierType: 'legal_id', identifier: e.legalId, nameFa: e.nameFa, nameEn: e.nameEn }, role: e.role, services: null, validUntil: null })),
    ...list.wards.map((w) => asProfile({ profileId: w.id, kind: 'ward', subject: { identifierType: 'national_code', identifier: w.nationalCode, nameFa: w.nameFa, nameEn: w.nameEn }, role: w.role, services: null, validUntil: timeZoneStartOfDay(w.until) })),
    ...list.mandates.map((m) =>
      asProfile(
        { profileId: m.id, kind: 'mandate', subject: { identifierType: m.grantorIdentifierType, identifier: m.grantorIdentifier, nameFa: m.grantorNameFa, nameEn: m.grantorNameEn }, role: null, services: m.services, validUntil: timeZoneStartOfDay(addOneDay(m.endsOn)) },
        { validFrom: m.live ? null : m.startsOn, usable: m.live },
      ),
    ),
  ];
}

const addOneDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function mandateStatus(m: MandateRow, today: string): 'upcoming' | 'active' | 'ended' | 'revoked' {
  if (m.revokedAt !== null) return 'revoked';
  if (today > m.endsOn) return 'ended';
  return today < m.startsOn ? 'upcoming' : 'active';
}

const asMandate = (m: MandateRow, today: string) => ({
  id: m.id,
  grantor: { identifierType: m.grantorIdentifierType, identifier: m.grantorIdentifier, nameFa: m.grantorNameFa, nameEn: m.grantorNameEn },
  grantee: { identifierType: m.granteeIdentifierType, identifier: m.granteeIdentifier, nameFa: m.granteeNameFa, nameEn: m.granteeNameEn },
  services: m.services,
  startsOn: m.startsOn,
  endsOn: m.endsOn,
  status: mandateStatus(m, today),
  revokedAt: m.revokedAt,
  createdAt: m.createdAt,
});

export const profileApiRoutes: FastifyPluginAsyncTypebox<{ profiles: ActingForDeps; rules: MandateRules; startOfDay: (day: string) => string }> = async (app, { profiles: deps, rules, startOfDay }) => {
  const citizen = { access: 'citizen' } as const;

  app.get('/me/profiles', {
    config: citizen,
    schema: { tags, description: how, summary: 'Whom I may act for, and whom this session acts for', response: { 200: ProfileList, ...problems(401, 403, 503) } },
    handler: async (req) => {
      const { account } = await accountOf(deps, req);
      const current = await actingForRequest(deps, req);
      const list = await listProfiles(deps, account);
      return {
        active: asProfile(current.actingFor),
        profiles: profilesOf(list, startOfDay),
        suggestions: list.suggestions.map((c) => ({ legalId: c.legalId, nameFa: c.nameFa, nameEn: c.nameEn, role: c.role })),
        registryUnavailable: list.registryUnavailable || current.notice === 'registry_unavailable',
      };
    },
  });

  app.post('/me/profiles/active', {
    config: citizen,
    schema: { tags, description: how, summary: 'Act for one of my profiles (null: for myself); checked with the registries now', body: SwitchBody, response: { 200: ActiveAnswer, ...problems(400, 401, 403, 503) } },
    handler: async (req) => {
      const { session } = await accountOf(deps, req);
      const chosen = await switchProfile(deps, session, req.body.profileId, clientOf(req));
      return { active: asProfile(chosen) };
    },
  });

  app.post('/me/profiles/legal-entities', {
    config: citizen,
    schema: { tags, description: how, summary: 'Add a legal entity I represent (confirmed by the business registry)', body: LegalEntityBody, response: { 201: Profile, ...problems(400, 401, 403, 422, 503) } },
    handler: async (req, reply) => {
      const { account } = await accountOf(deps, req);
      const e = await addLegalEntity(deps, account, req.body.legalId, clientOf(req));
      reply.code(201);
      return asProfile({ profileId: e.id, kind: 'legal_entity', subject: { identifierType: 'legal_id', identifier: e.legalId, nameFa: e.nameFa, nameEn: e.nameEn }, role: e.role, services: null, validUntil: null });
    },
  });

  app.get('/me/mandates', {
    config: citizen,
    schema: { tags, description: how, summary: 'Mandates I gave and mandates given to me (not ended)', response: { 200: MandateLists, ...problems(401, 403) } },
    handler: async (req) => {
      const { account } = await accountOf(deps, req);
      const today = todayFor(deps);
      return { given: (await mandatesGiven(deps, account)).map((m) => asMandate(m, today)), received: (await mandatesReceived(deps, account)).map((m) => asMandate(m, today)) };
    },
  });

  app.post('/me/mandates', {
    config: citizen,
    schema: { tags, description: how, summary: 'Give another person a mandate to act for me for some services, from one day to another', body: MandateBody, response: { 201: Mandate, ...problems(400, 401, 403, 422, 503) } },
    handler: async (req, reply) => {
      const { account } = await accountOf(deps, req);
      const b = req.body;
      const result = await grantMandate(deps, rules, account, { grantee: b.grantee, services: b.services, startsOn: isoDay(b.startsOn), endsOn: isoDay(b.endsOn) }, clientOf(req));
      if (!result.ok) {
        const [first] = result.refusals;
        throw new AppError(first!.code, { extensions: { errors: result.refusals.map((r) => ({ field: r.field === 'starts' ? 'startsOn' : r.field === 'ends' ? 'endsOn' : r.field, code: r.code })) } });
      }
      reply.code(201);
      return asMandate(result.mandate, todayFor(deps));
    },
  });

  app.post('/me/mandates/:id/revoke', {
    config: citizen,
    schema: { tags, description: how, summary: 'Revoke a mandate I gave; it gives nothing from now on', params: MandateParams, response: { 200: Mandate, ...problems(401, 403, 404) } },
    handler: async (req) => {
      const { account } = await accountOf(deps, req);
      return asMandate(await revokeMandate(deps, account, req.params.id, clientOf(req)), todayFor(deps));
    },
  });
};
