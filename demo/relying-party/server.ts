/**
 * The reference relying party: the literacy movement's own portal signing people in through
 * the window with `openid-client` — discovery, authorization code + PKCE, the ID token, userinfo,
 * and RP-initiated logout. Sessions live in this process's memory (a demo).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import * as oauth from 'openid-client';
import { homePage, problemPage, signedInPage, type Lang } from './pages.ts';

export interface RelyingPartyOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  host: string;
  port: number;
  scope?: string;
}

export interface RunningRelyingParty {
  url: string;
  server: Server;
  close(): Promise<void>;
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  lang: Lang;
}
interface Signed {
  subject: string;
  claims: Record<string, unknown>;
  idToken: string;
  lang: Lang;
}

const cookieName = 'lmo_session';

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === cookieName && v) return v;
  }
  return undefined;
}

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'", ...headers });
  res.end(html);
}

const redirect = (res: ServerResponse, to: string, headers: Record<string, string> = {}) => {
  res.writeHead(303, { location: to, ...headers });
  res.end();
};

export async function startRelyingParty(options: RelyingPartyOptions): Promise<RunningRelyingParty> {
  const pending = new Map<string, Pending>();
  let canonical = '';
  const signed = new Map<string, Signed>();
  let config: oauth.Configuration | undefined;
  // Discovery on first use: the portal may start listening after this server does.
  const configuration = async () =>
    (config ??= await oauth.discovery(new URL(options.issuer), options.clientId, options.clientSecret, oauth.ClientSecretBasic(options.clientSecret), options.issuer.startsWith('http:') ? { execute: [oauth.allowInsecureRequests] } : undefined));

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const lang: Lang = 'fa';
      send(res, 502, problemPage(lang, err instanceof oauth.ResponseBodyError ? `${err.error}: ${err.error_description ?? ''}` : undefined));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const id = cookieOf(req);
    const lang: Lang = url.searchParams.get('lang') === 'en' ? 'en' : url.searchParams.get('lang') === 'fa' ? 'fa' : (id && (signed.get(id) ?? pending.get(id))?.lang) || 'fa';
    // One address (the registered redirect URI's): another spelling of it (localhost) goes there first.
    const base = canonical;
    if (req.headers.host !== new URL(canonical).host) return redirect(res, `${canonical}${url.pathname}${url.search}`);

    if (req.method === 'GET' && url.pathname === '/') {
      const session = id ? signed.get(id) : undefined;
      return send(res, 200, session ? signedInPage(lang, session.subject, session.claims) : homePage(lang));
    }
    if (req.method === 'GET' && url.pathname === '/login') {
      const c = await configuration();
      const verifier = oauth.randomPKCECodeVerifier();
      const state = oauth.randomState();
      const nonce = oauth.randomNonce();
      const sid = randomBytes(24).toString('base64url');
      pending.set(sid, { verifier, state, nonce, lang });
      const to = oauth.buildAuthorizationUrl(c, {
        redirect_uri: `${base}/callback`,
        scope: options.scope ?? 'openid profile phone national_code acting_for',
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ui_locales: lang,
      });
      return redirect(res, to.href, { 'set-cookie': `${cookieName}=${sid}; Path=/; HttpOnly; SameSite=Lax` });
    }
    if (req.method === 'GET' && url.pathname === '/callback') {
      const p = id ? pending.get(id) : undefined;
      if (!id || !p) return redirect(res, '/');
      pending.delete(id);
      if (url.searchParams.get('error')) return send(res, 400, problemPage(p.lang, `${url.searchParams.get('error')}: ${url.searchParams.get('error_description') ?? ''}`));
      const c = await configuration();
      const tokens = await oauth.authorizationCodeGrant(c, url, { pkceCodeVerifier: p.verifier, expectedState: p.state, expectedNonce: p.nonce, idTokenExpected: true });
      const subject = tokens.claims()!.sub;
      const info = await oauth.fetchUserInfo(c, tokens.access_token, subject);
      const claims = { ...tokens.claims(), ...info } as Record<string, unknown>;
      for (const k of ['iss', 'aud', 'exp', 'iat', 'nonce', 'at_hash', 'sid', 'azp']) delete claims[k];
      signed.set(id, { subject, claims, idToken: tokens.id_token!, lang: p.lang });
      return redirect(res, '/');
    }
    if (req.method === 'POST' && url.pathname === '/logout') {
      const session = id ? signed.get(id) : undefined;
      if (id) signed.delete(id);
      if (!session) return redirect(res, '/');
      const c = await configuration();
      const to = oauth.buildEndSessionUrl(c, { id_token_hint: session.idToken, post_logout_redirect_uri: `${base}/`, ui_locales: session.lang });
      return redirect(res, to.href, { 'set-cookie': `${cookieName}=; Path=/; Max-Age=0` });
    }
    send(res, 404, problemPage(lang, 'Not found'));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  canonical = `http://${options.host}:${port}`;
  return {
    url: canonical,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
