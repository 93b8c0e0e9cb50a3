import { createHash, timingSafeEqual } from 'node:crypto';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { acrOrder, meetsAcr } from '../../core/assurance.ts';
import { createI18n } from '../../web/i18n/translate.ts';
import { isLocale, localeCookie, type Locale } from '../../web/i18n/locale.ts';
import { citizenSessionCookie, findCitizenSession, revokeCitizenSession } from '../citizen-sessions/index.ts';
import { databaseAdapter } from './adapter.ts';
import { accountFinder, pairwiseSubject, scopeClaims } from './claims.ts';
import { actingFor } from '../profiles/index.ts';
import { liveProfile, type ActingForCheck } from './acting-for-claim.ts';
import { findGrantProfile } from './grant-profiles.ts';
import type { ClientDirectory } from './clients.ts';
import type { KeySet } from './keys.ts';
import { LoggedOutPage, LogoutPage, OidcErrorPage, renderHtml } from './pages/pages.tsx';

export interface ProviderOptions {
  db: Database;
  /** The portal's public URL: the issuer, discovery at its `/.well-known/openid-configuration`. */
  issuer: string;
  keys: KeySet;
  clients: ClientDirectory;
  pairwiseSalt: string;
  cookieKeys: string[];
  trustProxy: boolean;
  /** Outgoing calls (back-channel logout) may reach loopback and private addresses (`OIDC_PRIVATE_ADDRESSES`). */
  privateAddresses?: boolean;
  /** Outgoing calls that failed (a back-channel logout the agency did not take), for the log. */
  onOutboundError?: (err: unknown, clientId: string) => void;
  /** Whom a person acts for, checked now (default: src/identity/profiles `actingFor`); tests give their own. */
  actingFor?: ActingForCheck;
  /** Benchmarks only: oidc-provider's in-memory adapter and static clients, to compare ours with. */
  inMemory?: { clients: Record<string, unknown>[] };
}

/** Every provider endpoint lives under `/oidc/`, beside the portal's pages; see docs/identity.md. */
export const oidcRoutes = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/me',
  jwks: '/oidc/jwks',
  end_session: '/oidc/session/end',
  revocation: '/oidc/token/revocation',
  introspection: '/oidc/token/introspection',
  pushed_authorization_request: '/oidc/request',
  registration: '/oidc/reg',
  backchannel_authentication: '/oidc/backchannel',
  device_authorization: '/oidc/device/auth',
  code_verification: '/oidc/device',
  challenge: '/oidc/challenge',
  credential: '/oidc/credential',
} as const;

const localeOf = (ctx: KoaContextWithOIDC): Locale => {
  const asked = ctx.query.lang ?? ctx.oidc?.params?.ui_locales;
  for (const candidate of typeof asked === 'string' ? asked.split(' ') : []) if (isLocale(candidate)) return candidate;
  const remembered = ctx.cookies.get(localeCookie);
  return isLocale(remembered) ? remembered : 'fa';
};

/** The acr a client demands: `acr_values` of the request (the strongest named) or the client's default. */
export function requiredAcr(params: Record<string, unknown>, defaultAcrValues: readonly string[] | undefined): string | undefined {
  const asked = typeof params.acr_values === 'string' ? params.acr_values.split(' ') : (defaultAcrValues ?? []);
  const known = asked.filter((a) => acrOrder.includes(a as (typeof acrOrder)[number]));
  return known.sort((a, b) => acrOrder.indexOf(b as (typeof acrOrder)[number]) - acrOrder.indexOf(a as (typeof acrOrder)[number]))[0];
}

/**
 * The provider's own sign-in session follows the portal's: it is good only while the portal
 * session behind the `ow_session` cookie is alive, for the same account, and strong enough for
 * the client's acr. Otherwise the login prompt runs again (our interaction pages decide).
 */
function portalSessionCheck(db: Database) {
  return new interactionPolicy.Check('portal_session', 'the portal session ended, changed or is too weak', async (ctx) => {
    const accountId = ctx.oidc.session?.accountId;
    if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    const secret = ctx.cookies.get(citizenSessionCookie);
    const portal = secret ? await findCitizenSession(db, secret) : null;
    if (!portal || portal.secondFactorPending || portal.accountId !== accountId) return interactionPolicy.Check.REQUEST_PROMPT;
    const required = requiredAcr(ctx.oidc.params as Record<string, unknown>, ctx.oidc.client?.defaultAcrValues);
    return required && !meetsAcr(portal.acr, required) ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT;
  });
}

/**
 * A grant acts for the profile that was active when it was made (grant-profiles.ts). When the
 * person now acts for another, the existing grant does not answer: they are asked again (the
 * consent interaction shows whom they act for) and get a grant of its own for that profile.
 * Nor does it when that profile is gone: the interaction then sends them to choose again,
 * rather than the client getting a code its exchange would refuse.
 */
function actingForCheck(db: Database, check: ActingForCheck) {
  return new interactionPolicy.Check('acting_for_changed', 'the person acts for another profile than the grant does, or it is gone', async (ctx) => {
    const grantId = ctx.oidc.client ? ctx.oidc.session?.grantIdFor(ctx.oidc.client.clientId) : undefined;
    const secret = ctx.cookies.get(citizenSessionCookie);
    const portal = grantId && secret ? await findCitizenSession(db, secret) : null;
    if (!grantId || !portal) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    const bound = await findGrantProfile(db, grantId);
    if ((bound?.profileId ?? null) !== portal.activeProfileId) return interactionPolicy.Check.REQUEST_PROMPT;
    if (portal.activeProfileId !== null && !(await liveProfile(check, portal.accountId, portal.activeProfileId))) return interactionPolicy.Check.REQUEST_PROMPT;
    return interactionPolicy.Check.NO_NEED_TO_PROMPT;
  });
}

export function buildProvider(options: ProviderOptions): Provider {
  const { db } = options;
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(portalSessionCheck(db));
  const check: ActingForCheck = options.actingFor ?? ((accountId, profileId) => actingFor({ db }, accountId, profileId));
  policy.get('consent')!.checks.add(actingForCheck(db, check));

  const configuration: Configuration = {
    ...(options.inMemory ? { clients: options.inMemory.clients as never } : { adapter: databaseAdapter(db, options.clients.find) }),
    jwks: { keys: options.keys.keys as never },
    cookies: { keys: options.cookieKeys, long: { signed: true, httpOnly: true, sameSite: 'lax' }, short: { signed: true, httpOnly: true, sameSite: 'lax' } },
    routes: oidcRoutes,
    interactions: { url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}`, policy },
    findAccount: accountFinder({ db, pairwiseSalt: options.pairwiseSalt, actingFor: check }),
    claims: { sid: null, iss: null, ...scopeClaims } as never,
    scopes: ['openid', 'offline_access', 'profile', 'phone', 'national_code', 'acting_for'],
    acrValues: [...acrOrder],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: async (_ctx, accountId, client) => pairwiseSubject(options.pairwiseSalt, String(client['agency_code']), accountId),
    extraClientMetadata: { properties: ['agency_code', 'first_party', 'name_fa'] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    // No HMAC algorithms: they would key on the stored secret, which is only its hash here.
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      idTokenSigningAlgValues: ['RS256'],
      userinfoSigningAlgValues: ['RS256'],
      requestObjectSigningAlgValues: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      introspectionSigningAlgValues: ['RS256'],
      authorizationSigningAlgValues: ['RS256'],
    },
    allowOmittingSingleRegisteredRedirectUri: false,
    // oidc-provider's dispatcher refuses special-use addresses; allowed, ours is used instead.
    ...(options.privateAddresses ? { fetch: (url: string | URL | Request, init?: RequestInit) => globalThis.fetch(url, { ...init, dispatcher: undefined } as RequestInit) } : {}),
    clientBasedCORS: () => false,
    conformIdTokenClaims: true,
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    ttl: {
      AccessToken: 10 * 60,
      AuthorizationCode: 60,
      ClientCredentials: 10 * 60,
      IdToken: 60 * 60,
      RefreshToken: 14 * 24 * 60 * 60,
      Interaction: 30 * 60,
      Session: 12 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = renderHtml(LogoutPage({ i18n: createI18n(localeOf(ctx)), url: ctx.url, formHtml: form }));
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = renderHtml(LoggedOutPage({ i18n: createI18n(localeOf(ctx)), url: ctx.url }));
        },
      },
    },
    // Errors the provider cannot send back to a registered redirect_uri are shown here, as our page.
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      const requestId = String(ctx.get('x-request-id') || ctx.req.headers['x-request-id'] || '');
      ctx.body = renderHtml(OidcErrorPage({ i18n: createI18n(localeOf(ctx)), url: ctx.url, code: String(out.error), requestId }));
    },
  };

  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.trustProxy;
  // The client table keeps a secret's SHA-256 as its `client_secret`; compare the hash.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    if (!this.clientSecret || typeof actual !== 'string') return Promise.resolve(false);
    const given = createHash('sha256').update(actual).digest();
    const stored = Buffer.from(this.clientSecret, 'hex');
    return Promise.resolve(stored.length === given.length && timingSafeEqual(stored, given));
  } as never;
  provider.use(endPortalSessionOnLogout(db));
  provider.use(ownSignOutPage);
  provider.on('backchannel.error', (_ctx: unknown, err: unknown, client: { clientId: string }) => options.onOutboundError?.(err, client.clientId));
  return provider;
}

/** RP-initiated logout with "sign me out" ends the portal session too, and clears its cookie. */
function endPortalSessionOnLogout(db: Database) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.oidc?.route !== 'end_session_confirm' || !ctx.oidc.params?.logout) return;
    const secret = ctx.cookies.get(citizenSessionCookie);
    const portal = secret ? await findCitizenSession(db, secret) : null;
    if (portal) await db.transaction((tx) => revokeCitizenSession(tx, portal.id));
    ctx.cookies.set(citizenSessionCookie, null, { path: '/', httpOnly: true, sameSite: 'lax', signed: false });
  };
}

/**
 * Without a signed-in provider session, oidc-provider answers end_session with a form that a
 * script submits at once. Our pages work without script: the same form, our sign-out page.
 */
async function ownSignOutPage(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  await next();
  if (ctx.oidc?.route !== 'end_session' || ctx.oidc.session?.accountId || typeof ctx.body !== 'string') return;
  const action = /<form method="post" action="([^"]+)">/.exec(ctx.body)?.[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(ctx.body)?.[1];
  if (!action || !xsrf) return;
  const formHtml = `<form id="op.logoutForm" method="post" action="${action}"><input type="hidden" name="xsrf" value="${xsrf}"/></form>`;
  ctx.type = 'html';
  ctx.body = renderHtml(LogoutPage({ i18n: createI18n(localeOf(ctx)), url: ctx.url, formHtml }));
}
