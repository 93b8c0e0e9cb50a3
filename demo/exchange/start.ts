/**
 * What `serve --demo-if-empty` does for the exchange demo on each node: when the registry holds
 * the demo dataset, find the six reference agencies where they are configured to be, start them
 * only when none answers there (and `DEMO_AGENCIES` is not `external`), register them on the
 * exchange (once, whichever node comes first), and hand back what the serve output prints.
 *
 * Several nodes on one database (README, "Several nodes: the demo"): the agencies run once, as
 * their own process (`onewindow demo agencies`) or inside the first node; addresses are fixed
 * (`DEMO_AGENCIES_PORT`), so no node moves the registrations to an address of its own.
 */
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/db/database.ts';
import type { Config } from '../../src/config/schema.ts';
import { r1ServicePath } from '../../src/exchange/protocol/identifiers.ts';
import { isAddressInUse, referenceAgencies, referenceAgenciesAnswer, referenceAgencyAddresses, startReferenceAgencies, type RunningAgency } from '../agencies/start.ts';
import { tehranDate } from '../agencies/shared/dates.ts';
import { demoClients, ensureDemoWindowClient, loadDemoExchange, pointDemoServicesAt, registeredDemoAddresses, type DemoAgencyAddress, type DemoClient, type DemoExchangeReport } from './load.ts';
import { DEMO_MEMBER_CLASS, DEMO_NATIONAL_CODE, providers } from './registrations.ts';

export interface DemoExchange {
  agencies: RunningAgency[];
  /** Whether this process started the agencies (then `close` stops them); false when they ran already. */
  started: boolean;
  /** What this start wrote (`loaded: false` when the exchange was already registered). */
  report: DemoExchangeReport;
  clients: DemoClient[];
  /** A call that works through the gateway: the literacy-level inquiry by the national window. */
  example: { client: DemoClient; path: string };
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

async function registryIsDemo(db: Database): Promise<boolean> {
  const [state] = await db.run((q) => rows<{ demo: boolean }>(q, sql`select demo from registry_state`));
  return state?.demo === true;
}

/**
 * Where the agencies should be: the fixed ports, or (`DEMO_AGENCIES_PORT=0`) where they are
 * registered, when all six are.
 */
async function configuredAddresses(db: Database, config: Config): Promise<RunningAgency[] | undefined> {
  if (config.DEMO_AGENCIES_PORT > 0) return referenceAgencyAddresses(HOST, config.DEMO_AGENCIES_PORT);
  const registered = await registeredDemoAddresses(db);
  const known = referenceAgencyAddresses(HOST, 1);
  if (!known.every((a) => registered.has(a.code))) return undefined;
  return known.map((a) => {
    const url = registered.get(a.code)!;
    return { ...a, url, openapiUrl: `${url}/openapi.json` };
  });
}

interface LocatedAgencies {
  agencies: RunningAgency[];
  started: boolean;
  close(): Promise<void>;
}

const found = (agencies: RunningAgency[]): LocatedAgencies => ({ agencies, started: false, close: async () => {} });

/**
 * Found agencies on fixed ports that another node runs die with that node. With `auto`, this
 * node then starts them itself on the same addresses (checked every `everyMs`), so the nodes
 * left keep working and nothing is re-registered. Two nodes taking over at once: one wins the
 * ports, the other finds its agencies at the next check.
 */
function takeOverWhenGone(agencies: RunningAgency[], port: number, now: () => Date, everyMs: number): LocatedAgencies {
  let running: Awaited<ReturnType<typeof startReferenceAgencies>> | undefined;
  let checking: Promise<void> | undefined;
  const check = async () => {
    if (running || (await referenceAgenciesAnswer(agencies))) return;
    try {
      running = await startReferenceAgencies({ host: HOST, basePort: port, clock: now });
    } catch (error) {
      if (!isAddressInUse(error)) console.error(`The demo's reference agencies could not be started again: ${String(error)}`);
    }
  };
  const timer = setInterval(() => {
    checking ??= check().finally(() => (checking = undefined));
  }, everyMs);
  timer.unref();
  return {
    agencies,
    started: false,
    close: async () => {
      clearInterval(timer);
      await checking;
      await running?.close();
    },
  };
}

/** The agencies where they answer; started here only when they do not and this node may. */
async function locateReferenceAgencies(db: Database, config: Config, now: () => Date, takeOverMs: number): Promise<LocatedAgencies> {
  const wanted = await configuredAddresses(db, config);
  const fixed = config.DEMO_AGENCIES_PORT > 0;
  const foundHere = (agencies: RunningAgency[]) => (fixed && config.DEMO_AGENCIES === 'auto' ? takeOverWhenGone(agencies, config.DEMO_AGENCIES_PORT, now, takeOverMs) : found(agencies));
  if (wanted && (await referenceAgenciesAnswer(wanted))) return foundHere(wanted);
  if (config.DEMO_AGENCIES === 'external') {
    // They may come up after this node; the gateway answers 502/504 until they do.
    if (wanted) return found(wanted);
    throw new Error('DEMO_AGENCIES=external needs fixed addresses: set DEMO_AGENCIES_PORT to the port `onewindow demo agencies` uses (not 0).');
  }
  const port = config.DEMO_AGENCIES_PORT;
  try {
    const running = await startReferenceAgencies({ host: HOST, basePort: port, clock: now });
    return { agencies: running.agencies, started: true, close: running.close };
  } catch (error) {
    // Another node (or `demo agencies`) may have started them between the check and now.
    if (isAddressInUse(error) && wanted && (await referenceAgenciesAnswer(wanted))) return foundHere(wanted);
    if (isAddressInUse(error)) {
      throw new Error(`The demo's reference agencies need ports ${port}–${port + 5} on ${HOST}, and one of them is taken by something else. Free them, or set DEMO_AGENCIES_PORT to another range.`, { cause: error });
    }
    throw error;
  }
}

/**
 * Starts (or finds) the demo exchange when the registry is the demo one; undefined otherwise.
 * `takeOverMs`: how often a node that found the agencies run by another checks they still answer.
 */
export async function startDemoExchange(db: Database, config: Config, now: () => Date = () => new Date(), takeOverMs = 2000): Promise<DemoExchange | undefined> {
  if (config.NODE_ENV === 'production' || !(await registryIsDemo(db))) return undefined;
  const located = await locateReferenceAgencies(db, config, now, takeOverMs);
  try {
    const documents = new Map(referenceAgencies({ today: () => tehranDate(now()) }).map((a) => [a.code, a.openapi as unknown as Record<string, unknown>]));
    const addresses: DemoAgencyAddress[] = located.agencies.map((a) => ({ code: a.code, url: a.url, openapi: documents.get(a.code)! }));
    const instance = config.INSTANCE_ID;
    const report = await loadDemoExchange(db, { agencies: addresses, seed: config.DEMO_SEED, instance, now });
    // Fixed addresses never move, and found ones are those registered: this changes something only
    // when the settings changed, or when this node had to start agencies on new free ports.
    if (!report.loaded) await pointDemoServicesAt(db, addresses);
    // Demos loaded before registration existed get the window's key and right now.
    if (!report.loaded) await ensureDemoWindowClient(db);
    const clients = demoClients({ seed: config.DEMO_SEED, instance });
    const literacy = providers.find((p) => p.reference === 'literacy-movement')!;
    const path = r1ServicePath(
      { instance, memberClass: DEMO_MEMBER_CLASS, memberCode: literacy.agencyCode, subsystemCode: literacy.subsystem.code, serviceCode: literacy.service.code },
      `/literacy-level/${DEMO_NATIONAL_CODE}`,
    );
    const client = clients.find((c) => c.agencyCode === 'ITO')!;
    return { agencies: located.agencies, started: located.started, report, clients, example: { client, path }, close: located.close };
  } catch (error) {
    await located.close();
    throw error;
  }
}

/** The "Try the exchange" lines of the serve output. */
export function describeDemoExchange(demo: DemoExchange, gatewayUrl: string): string {
  const { client, path } = demo.example;
  const lines = [
    `Try the exchange (demo data; reference agencies on ${demo.agencies[0]?.url ?? '?'} and the next five ports${demo.started ? '' : ', run by another process'}):`,
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
