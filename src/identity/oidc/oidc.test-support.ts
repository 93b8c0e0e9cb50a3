import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Engine } from '../../db/database.ts';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { insertAccount } from '../accounts/index.ts';
import { createCitizenSession } from '../citizen-sessions/index.ts';
import { createClient, type ClientInput } from './clients.ts';

export const redirectUri = 'https://rp.example/callback';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface OidcTestApp extends TestApp {
  issuer: string;
  /** A new account and a portal session for it: the `ow_session` cookie value. */
  person(nationalCode?: string): Promise<{ accountId: string; cookie: string; nationalCode: string }>;
  client(input: Partial<ClientInput> & { clientId: string; agencyCode?: string }): Promise<{ clientId: string; clientSecret: string }>;
}

let nationalSerial = 1000;

/** The app listening on a port (the issuer is its URL), with two agencies, for a real relying party. */
export async function openOidcApp(engine: Engine): Promise<OidcTestApp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const base = await openTestApp(engine, { PUBLIC_URL: issuer, OIDC_PRIVATE_ADDRESSES: 'true' });
  await base.app.listen({ port, host: '127.0.0.1' });
  await base.db.run((q) => q.execute(sql`insert into agencies (code, name_fa, name_en, kind) values ('LIT', 'نهضت سوادآموزی', 'Literacy Movement', 'other'), ('TAX', 'سازمان امور مالیاتی', 'Tax Affairs', 'other') on conflict do nothing`));
  return {
    ...base,
    issuer,
    async person(nationalCode) {
      const code = nationalCode ?? `00${String(nationalSerial++).padStart(8, '0')}`;
      const accountId = randomUUID();
      const { secret } = await base.db.transaction(async (tx) => {
        await insertAccount(tx, { id: accountId, identifierType: 'national_code', identifier: code, givenNameFa: 'زهرا', familyNameFa: 'احمدی', givenNameEn: 'Zahra', familyNameEn: 'Ahmadi', birthDate: '1990-03-21', mobile: '+989121234567', assurance: 2, mobileVerified: true });
        return createCitizenSession(tx, { accountId, accountAssurance: 2, amr: ['pwd'], secondFactorPending: false });
      });
      return { accountId, cookie: secret, nationalCode: code };
    },
    async client(input) {
      const { clientSecret } = await createClient(
        base.db,
        { kind: 'system', name: 'test' },
        {
          agencyCode: 'LIT',
          nameFa: 'درگاه نهضت',
          nameEn: 'Literacy portal',
          redirectUris: [redirectUri],
          postLogoutRedirectUris: ['https://rp.example/signed-out'],
          scopes: ['openid', 'profile', 'phone', 'offline_access'],
          authMethod: 'client_secret_basic',
          ...input,
        },
        () => {},
      );
      return { clientId: input.clientId, clientSecret: clientSecret! };
    },
  };
}

/** A browser without script: follows redirects on our origin, carrying cookies, until it leaves. */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly #origins: string[];
  /** Cookies are kept per host, as browsers do (ports share them); redirects are followed within `origins`. */
  constructor(...origins: string[]) {
    this.#origins = origins;
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  #remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('accept', 'text/html');
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.#remember(res);
    return res;
  }

  /** Goes to `url` and follows redirects while they stay on our origin; returns where it stopped. */
  async go(url: string, init: RequestInit = {}): Promise<{ url: string; response: Response }> {
    let response = await this.request(url, init);
    let at = url;
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get('location')!, at).href;
      at = next;
      if (!this.#origins.some((o) => next.startsWith(o))) return { url: next, response };
      response = await this.request(next);
    }
    return { url: at, response };
  }
}
