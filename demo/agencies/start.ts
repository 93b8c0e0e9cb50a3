/**
 * Starts the six REFERENCE agency services (demo and test stand-ins, never product logic) on
 * their own ports, for the demo and the gateway tests. The demo runs them as a process of their
 * own with `onewindow demo agencies` (`demo/cli.ts`), or inside `serve --demo-if-empty` when
 * none answers yet. Run directly to try them by hand: `npx tsx demo/agencies/start.ts [basePort]`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { AgencyContext, ReferenceAgency } from './shared/agency.ts';
import { tehranDate } from './shared/dates.ts';
import { createAgencyServer } from './shared/http.ts';
import type { Bilingual } from './shared/names.ts';
import { businessRegistry } from './business-registry/agency.ts';
import { civilRegistry } from './civil-registry/agency.ts';
import { healthInsurance } from './health-insurance/agency.ts';
import { idCardIssuance } from './id-card-issuance/agency.ts';
import { literacyMovement } from './literacy-movement/agency.ts';
import { mobileRegistry } from './mobile-registry/agency.ts';

export interface StartOptions {
  host?: string;
  /** 0 (default) gives every agency an ephemeral port; otherwise agency i listens on basePort + i. */
  basePort?: number;
  /** Source of "today" for date-dependent answers (ages, validity, card stages); pin it in tests. */
  clock?: () => Date;
  /** Honour the demo-only fault knobs X-Demo-Delay / delayMs / X-Demo-Fail. Default true. */
  allowDemoFaults?: boolean;
}

export interface RunningAgency {
  code: string;
  name: Bilingual;
  /** Base URL without a trailing slash. */
  url: string;
  openapiUrl: string;
}

export interface ReferenceAgencies {
  agencies: RunningAgency[];
  /** Stops every service and drops open keep-alive connections, releasing the ports. */
  close(): Promise<void>;
}

/** The six agencies in a fixed order (the order of ports when basePort is set). */
export function referenceAgencies(ctx: AgencyContext): ReferenceAgency[] {
  return [civilRegistry(ctx), literacyMovement(ctx), healthInsurance(ctx), idCardIssuance(ctx), mobileRegistry(), businessRegistry()];
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Clients such as fetch keep connections alive; without this close() would wait for them.
    server.closeAllConnections();
  });
}

/**
 * Where the six agencies are when they listen on fixed ports (agency i on `basePort + i`), for a
 * process that did not start them: the demo's nodes, when `onewindow demo agencies` runs them.
 */
export function referenceAgencyAddresses(host: string, basePort: number): RunningAgency[] {
  return referenceAgencies({ today: () => tehranDate(new Date()) }).map((agency, i) => {
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${basePort + i}`;
    return { code: agency.code, name: agency.name, url, openapiUrl: `${url}/openapi.json` };
  });
}

/**
 * Whether every one of these agencies answers at its address: its OpenAPI document, with the
 * title of that agency (so another service on the port does not pass for it). Waits at most
 * `timeoutMs` for each.
 */
export async function referenceAgenciesAnswer(agencies: readonly Pick<RunningAgency, 'code' | 'openapiUrl'>[], timeoutMs = 1000): Promise<boolean> {
  const titles = new Map(referenceAgencies({ today: () => tehranDate(new Date()) }).map((a) => [a.code, a.openapi.info.title]));
  const answers = await Promise.all(
    agencies.map(async (a) => {
      try {
        const res = await fetch(a.openapiUrl, { signal: AbortSignal.timeout(timeoutMs) });
        if (res.status !== 200) return false;
        const document = (await res.json()) as { info?: { title?: unknown } };
        return titles.has(a.code) && document.info?.title === titles.get(a.code);
      } catch {
        return false;
      }
    }),
  );
  return agencies.length > 0 && answers.every(Boolean);
}

/** A port of the fixed range is taken (by the agencies run elsewhere, or by something else). */
export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

export async function startReferenceAgencies(options: StartOptions = {}): Promise<ReferenceAgencies> {
  const { host = '127.0.0.1', basePort = 0, clock = () => new Date(), allowDemoFaults = true } = options;
  const ctx: AgencyContext = { today: () => tehranDate(clock()) };
  const servers: Server[] = [];
  const agencies: RunningAgency[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map(stop));
  };
  try {
    for (const [i, agency] of referenceAgencies(ctx).entries()) {
      const server = createAgencyServer(agency, { allowDemoFaults });
      servers.push(server);
      const address = await listen(server, basePort === 0 ? 0 : basePort + i, host);
      const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const url = `http://${hostPart}:${address.port}`;
      agencies.push({ code: agency.code, name: agency.name, url, openapiUrl: `${url}/openapi.json` });
    }
  } catch (error) {
    // A port already taken must not leave the other services running.
    await close();
    throw error;
  }
  return { agencies, close };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startReferenceAgencies({ basePort: Number(process.argv[2] ?? 0) });
  for (const a of running.agencies) console.log(`${a.code.padEnd(18)} ${a.url}  (${a.name.en})`);
  process.once('SIGINT', () => void running.close());
}
