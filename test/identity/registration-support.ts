/**
 * Registration end to end: the demo's reference agencies, the real gateway with the demo
 * exchange's registrations (the window's own subsystem, its key and rights), and the app
 * configured to call that gateway, all on one test database.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Database, Engine } from '../../src/db/database.ts';
import { ExchangeConfig } from '../../src/exchange/snapshot/index.ts';
import { createGatewayFromConfig, type RunningGateway } from '../../src/exchange/gateway/index.ts';
import { mobilesOwnedBy } from '../../demo/agencies/mobile-registry/data.ts';
import { personRecord } from '../../demo/agencies/civil-registry/data.ts';
import { withNationalCodeCheckDigit } from '../../demo/agencies/shared/national-code.ts';
import { startDemoExchange, type DemoExchange } from '../../demo/exchange/start.ts';
import { loadDemoRegistrySubset } from '../../demo/exchange/test-support.ts';
import { demoWindowSettings } from '../../demo/exchange/window-client.ts';
import { openTestDatabase } from '../support/database.ts';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

export interface RegistrationWorld {
  db: Database;
  app: FastifyInstance;
  gateway: RunningGateway;
  /** The app's own address, when it was asked to listen (browser tests). */
  url: string;
  close(): Promise<void>;
}

export async function openRegistrationWorld(engine: Engine, env: Record<string, string> = {}, options: { listen?: boolean; now?: () => Date } = {}): Promise<RegistrationWorld> {
  const db = await openTestDatabase(engine);
  await loadDemoRegistrySubset(db, new Date());
  const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'if-empty', DEMO_AGENCIES_PORT: '0', GATEWAY_PORT: '0', NODE_ID: 'registration-test', EXCHANGE_REFRESH_MS: '1000' };
  const gatewayConfig = loadConfig(base);
  const demo: DemoExchange = (await startDemoExchange(db, gatewayConfig))!;
  const source = new ExchangeConfig(db, gatewayConfig.EXCHANGE_REFRESH_MS);
  await source.start();
  const gateway = await createGatewayFromConfig({ config: gatewayConfig, db, source, logger: quiet });
  const config = loadConfig({ ...base, REGISTRATION_BURST: '1000', ...(demoWindowSettings({}) as Record<string, string>), IDENTITY_EXCHANGE_GATEWAY_URL: gateway.url, ...env });
  const app = await buildApp({ config, db, logger: false, ...(options.now ? { now: options.now } : {}) });
  await app.ready();
  let url = '';
  if (options.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }
  return {
    db,
    app,
    gateway,
    url,
    async close() {
      await app.close();
      await gateway.close();
      source.stop();
      await demo.close();
      await db.close();
    },
  };
}

/** A living person of the reference population, with a mobile registered to them. */
export function referencePerson(nationalCode: string) {
  const person = personRecord(nationalCode)!;
  return { ...person, mobile: mobilesOwnedBy(nationalCode)[0]! };
}

/** Living people of the reference population, each with a mobile, other than `except`. */
export function livingPeople(count: number, except: string): ReturnType<typeof referencePerson>[] {
  const found: ReturnType<typeof referencePerson>[] = [];
  for (let body = 234567800; found.length < count; body++) {
    const code = withNationalCodeCheckDigit(String(body));
    const person = personRecord(code);
    if (code !== except && person?.alive && mobilesOwnedBy(code).length > 0) found.push(referencePerson(code));
  }
  return found;
}

/** What a browser keeps between requests: cookies, by name. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  take(setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export const formTokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
