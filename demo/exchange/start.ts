/**
 * What `npm start` does for the exchange demo: when the registry holds the demo dataset, start
 * the six reference agencies on fixed ports, register them on the exchange (once), point the
 * registered services at where they listen, and hand back what the serve output prints.
 */
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/db/database.ts';
import type { Config } from '../../src/config/schema.ts';
import { r1ServicePath } from '../../src/exchange/protocol/identifiers.ts';
import { referenceAgencies, startReferenceAgencies, type RunningAgency } from '../agencies/start.ts';
import { tehranDate } from '../agencies/shared/dates.ts';
import { demoClients, loadDemoExchange, pointDemoServicesAt, type DemoAgencyAddress, type DemoClient, type DemoExchangeReport } from './load.ts';
import { DEMO_MEMBER_CLASS, DEMO_NATIONAL_CODE, providers } from './registrations.ts';

export interface DemoExchange {
  agencies: RunningAgency[];
  /** What this start wrote (`loaded: false` when the exchange was already registered). */
  report: DemoExchangeReport;
  clients: DemoClient[];
  /** A call that works through the gateway: the literacy-level inquiry by the national window. */
  example: { client: DemoClient; path: string };
  close(): Promise<void>;
}

async function registryIsDemo(db: Database): Promise<boolean> {
  const [state] = await db.run((q) => rows<{ demo: boolean }>(q, sql`select demo from registry_state`));
  return state?.demo === true;
}

/** Starts the demo exchange when the registry is the demo one; undefined otherwise. */
export async function startDemoExchange(db: Database, config: Config, now: () => Date = () => new Date()): Promise<DemoExchange | undefined> {
  if (config.NODE_ENV === 'production' || !(await registryIsDemo(db))) return undefined;
  const running = await startReferenceAgencies({ host: '127.0.0.1', basePort: config.DEMO_AGENCIES_PORT, clock: now });
  try {
    const documents = new Map(referenceAgencies({ today: () => tehranDate(now()) }).map((a) => [a.code, a.openapi as unknown as Record<string, unknown>]));
    const addresses: DemoAgencyAddress[] = running.agencies.map((a) => ({ code: a.code, url: a.url, openapi: documents.get(a.code)! }));
    const instance = config.INSTANCE_ID;
    const report = await loadDemoExchange(db, { agencies: addresses, seed: config.DEMO_SEED, instance, now });
    if (!report.loaded) await pointDemoServicesAt(db, addresses);
    const clients = demoClients({ seed: config.DEMO_SEED, instance });
    const literacy = providers.find((p) => p.reference === 'literacy-movement')!;
    const path = r1ServicePath(
      { instance, memberClass: DEMO_MEMBER_CLASS, memberCode: literacy.agencyCode, subsystemCode: literacy.subsystem.code, serviceCode: literacy.service.code },
      `/literacy-level/${DEMO_NATIONAL_CODE}`,
    );
    const client = clients.find((c) => c.agencyCode === 'ITO')!;
    return { agencies: running.agencies, report, clients, example: { client, path }, close: running.close };
  } catch (error) {
    await running.close();
    throw error;
  }
}

/** The "Try the exchange" lines of the serve output. */
export function describeDemoExchange(demo: DemoExchange, gatewayUrl: string): string {
  const { client, path } = demo.example;
  const lines = [
    `Try the exchange (demo data; reference agencies on ${demo.agencies[0]?.url ?? '?'} and the next five ports):`,
    `  curl -s ${gatewayUrl}${path} \\`,
    `    -H 'X-Road-Client: ${client.clientId}' -H 'X-OneWindow-Client-Secret: ${client.secret}'`,
    `  Demo clients (X-Road-Client → X-OneWindow-Client-Secret):`,
    ...demo.clients.map((c) => `    ${c.clientId.padEnd(42)} ${c.secret}`),
  ];
  return lines.join('\n');
}

/**
 * The gateway's address from the settings, for when the running server does not say it (a
 * `GATEWAY_PORT` of 0 cannot be known from here).
 */
export function gatewayUrlFromConfig(config: Config): string {
  if (config.GATEWAY_PUBLIC_URL) return config.GATEWAY_PUBLIC_URL.replace(/\/$/, '');
  const scheme = config.GATEWAY_TLS_CERT_FILE && config.GATEWAY_TLS_KEY_FILE ? 'https' : 'http';
  const configured = config.GATEWAY_HOST ?? config.HOST;
  const host = configured === '0.0.0.0' || configured === '::' ? 'localhost' : configured;
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${config.GATEWAY_PORT}`;
}
