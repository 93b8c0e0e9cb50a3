import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { meetsAcr } from '../../core/assurance.ts';
import { pageContext, sendPage, type PagesPlugin } from '../../web/index.ts';
import { ForgedPage, csrfField, isGenuinePost, noStore } from '../../web/forms/index.ts';
import { contentSecurityPolicy } from '../../web/security.ts';
import { citizenSessionOf } from '../citizen-sessions/index.ts';
import { readAgencyNames } from '../../registry/index.ts';
import type { OidcService } from './oidc-service.ts';
import { requiredAcr } from './provider.ts';
import { ConsentPage, OidcErrorPage, ProfileGonePage, actingForField, actingForView } from './pages/pages.tsx';
import { liveProfile } from './acting-for-claim.ts';
import { bindGrantProfile, findGrantProfile } from './grant-profiles.ts';

const Params = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });
const ConsentBody = Type.Object(
  { decision: Type.Optional(Type.String({ maxLength: 10 })), [csrfField]: Type.Optional(Type.String({ maxLength: 200 })), [actingForField]: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: true },
);

type Details = Awaited<ReturnType<OidcService['provider']['interactionDetails']>>;

/**
 * The provider's interactions. Login: a person signed in on the portal (not owing a second
 * factor, and at the acr the client asks for) is signed in to the client with that session's
 * account, acr, amr and auth_time; anyone else goes to the portal's sign-in (or second-factor)
 * page, which comes back here through `next`. Consent: first-party clients are granted what
 * they asked; others get a page listing it in plain words. Either way the grant acts for the
 * session's active profile (grant-profiles.ts), shown with a link to change it — to a
 * first-party client only when it is not the person themself; a profile that died gets a page
 * that sends the person to choose again.
 */
export function interactionPages({ db, oidc }: { db: Database; oidc: OidcService }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', noStore);

    const errorPage = async (req: FastifyRequest, reply: FastifyReply, code: string, status = 400) => {
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <OidcErrorPage i18n={ctx.i18n} url={ctx.url} code={code} requestId={req.id} />, status);
    };
    const detailsOf = async (req: FastifyRequest, reply: FastifyReply, uid: string): Promise<Details | null> => {
      try {
        const details = await oidc.provider.interactionDetails(req.raw, reply.raw);
        return details.uid === uid ? details : null;
      } catch {
        return null;
      }
    };
    const finish = async (req: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>) => {
      const to = await oidc.provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
      return reply.redirect(to, 303);
    };

    app.get('/oidc/interaction/:uid', { config: { access: 'public' }, schema: { hide: true, params: Params } }, async (req, reply) => {
      const details = await detailsOf(req, reply, req.params.uid);
      if (!details) return errorPage(req, reply, 'interaction_expired');
      const here = `/oidc/interaction/${details.uid}`;
      const session = await citizenSessionOf(db, req);
      const client = await oidc.provider.Client.find(String(details.params.client_id));
      if (!client) return errorPage(req, reply, 'invalid_client');

      if (details.prompt.name === 'login') {
        if (!session) return reply.redirect(`/sign-in?next=${encodeURIComponent(here)}`, 303);
        const required = requiredAcr(details.params, client.defaultAcrValues);
        if (session.secondFactorPending || (required && !meetsAcr(session.acr, required))) {
          return reply.redirect(`/sign-in/second-factor?next=${encodeURIComponent(here)}`, 303);
        }
        const ts = Math.floor(new Date(session.authTime).getTime() / 1000);
        return finish(req, reply, { login: { accountId: session.accountId, acr: session.acr, amr: session.amr, ts, remember: false } });
      }

      if (details.prompt.name === 'consent') {
        // The consent belongs to the person the provider signed in; another person's portal
        // session in this browser does not answer it (and is not sent to sign in again: the
        // sign-in page forwards a signed-in person straight back here). They start again from
        // the agency's site, as that person.
        if (!session || session.secondFactorPending) return reply.redirect(`/sign-in?next=${encodeURIComponent(here)}`, 303);
        if (session.accountId !== details.session?.accountId) return errorPage(req, reply, 'access_denied', 403);
        const changeHref = `/account/profiles?next=${encodeURIComponent(here)}`;
        const profile = await liveProfile(oidc.actingFor, session.accountId, session.activeProfileId);
        const ctx = await pageContext(req, reply, isDemo);
        if (!profile) return sendPage(reply, <ProfileGonePage i18n={ctx.i18n} url={ctx.url} changeHref={changeHref} />, 403);
        const firstParty = client['first_party'] === true;
        if (firstParty && profile.kind === 'self') return finish(req, reply, { consent: { grantId: await grantActingFor(db, oidc, details, session.activeProfileId) } });
        const scopes = String(details.params.scope ?? '').split(' ');
        const name = ctx.i18n.locale === 'fa' ? String(client['name_fa'] ?? client.clientName) : String(client.clientName);
        reply.header('content-security-policy', formActionFor(client.redirectUris ?? []));
        const agencyCode = String(client['agency_code']);
        // The person decides whom they share with: the agency by its name, in the page's language.
        const agencyNames = (await db.run((q) => readAgencyNames(q, [agencyCode]))).get(agencyCode);
        const agency = agencyNames ? (ctx.i18n.locale === 'fa' ? agencyNames.nameFa : agencyNames.nameEn) : agencyCode;
        return sendPage(
          reply,
          <ConsentPage i18n={ctx.i18n} url={ctx.url} uid={details.uid} clientName={name} agency={agency} scopes={scopes} csrfToken={session.csrfToken} actingFor={actingForView(profile, ctx.i18n.locale)} changeHref={changeHref} firstParty={firstParty} />,
        );
      }
      return errorPage(req, reply, 'interaction_required');
    });

    app.post('/oidc/interaction/:uid/consent', { config: { access: 'citizen' }, schema: { hide: true, params: Params, body: ConsentBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const details = await detailsOf(req, reply, req.params.uid);
      if (!details || details.prompt.name !== 'consent') return errorPage(req, reply, 'interaction_expired');
      const session = await citizenSessionOf(db, req);
      if (!session || session.accountId !== details.session?.accountId) return errorPage(req, reply, 'access_denied', 403);
      if (req.body.decision !== 'allow') {
        return finish(req, reply, { error: 'access_denied', error_description: 'the person did not allow the request' });
      }
      // Agreed for the profile the page showed; if it changed meanwhile (another tab), show the page again.
      if (req.body[actingForField] !== (session.activeProfileId ?? 'self')) return reply.redirect(`/oidc/interaction/${details.uid}`, 303);
      if (!(await liveProfile(oidc.actingFor, session.accountId, session.activeProfileId))) return reply.redirect(`/oidc/interaction/${details.uid}`, 303);
      return finish(req, reply, { consent: { grantId: await grantActingFor(db, oidc, details, session.activeProfileId) } });
    });
  };
}

/**
 * Grants what the prompt says is missing, acting for `profileId`: on the existing grant when it
 * acts for the same profile, else on a new grant that starts with what the old one held (whose
 * tokens keep acting for the old profile, while it stays valid). The binding is written with it.
 */
async function grantActingFor(db: Database, oidc: OidcService, details: Details, profileId: string | null): Promise<string> {
  const { Grant } = oidc.provider;
  const accountId = details.session!.accountId;
  const existing = details.grantId ? await Grant.find(details.grantId) : undefined;
  const sameProfile = existing && ((await findGrantProfile(db, details.grantId!))?.profileId ?? null) === profileId;
  const grant = sameProfile ? existing : new Grant({ accountId, clientId: String(details.params.client_id) });
  if (existing && !sameProfile) {
    if (existing.getOIDCScope()) grant.addOIDCScope(existing.getOIDCScope());
    if (existing.getOIDCClaims().length) grant.addOIDCClaims(existing.getOIDCClaims());
    for (const [indicator, scope] of Object.entries(existing.resources ?? {})) if (scope) grant.addResourceScope(indicator, scope);
  }
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  const expiresIn = typeof grant.exp === 'number' ? grant.exp - Math.floor(Date.now() / 1000) : null;
  await bindGrantProfile(db, grantId, { accountId, profileId }, expiresIn);
  return grantId;
}

/** After consent the browser is redirected on to the client: form-action must allow its origin. */
function formActionFor(redirectUris: readonly string[]): string {
  const origins = [...new Set(redirectUris.map((u) => new URL(u).origin))];
  return contentSecurityPolicy.replace("form-action 'self'", `form-action 'self' ${origins.join(' ')}`);
}
