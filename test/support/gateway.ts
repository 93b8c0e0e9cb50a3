/**
 * Test support for the exchange gateway: an in-memory log writer, fake forward and rate-limit
 * steps, a configuration snapshot built in memory (three agencies, two consumers with
 * different rights), signing keys for client assertions, throw-away TLS certificates, and a
 * gateway started on an ephemeral port against any of that (or a test app's snapshot source).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { isIntentRecord, type ExchangeLogWriter, type ExchangeRecord } from '../../src/exchange/log/index.ts';
import type { AccessRight, ClientCredential, ExchangeService, Member, Subsystem } from '../../src/exchange/model.ts';
import { headersFromRaw } from '../../src/exchange/protocol/headers.ts';
import { ExchangeSnapshot, type SnapshotInput, type SnapshotSource } from '../../src/exchange/snapshot/index.ts';
import { type Exchange, type Step, protocolResponseHeaders, startGateway, type RunningGateway, type GatewayLogger } from '../../src/exchange/gateway/index.ts';

/** Records what the gateway appends; can delay or fail appends to test durable mode. */
export class MemoryLogWriter implements ExchangeLogWriter {
  /** The calls' records (for a forwarded call, its outcome), in append order. */
  readonly records: ExchangeRecord[] = [];
  /** The intent records written before forwarding (status `INTENT_STATUS`). */
  readonly intents: ExchangeRecord[] = [];
  /** Milliseconds each append waits before resolving. */
  delayMs = 0;
  /** When set, appends reject with this error (after the delay). */
  failWith: Error | undefined;
  /** With `failWith`: only the calls' records fail, intent records are still written. */
  failOnlyOutcomes = false;
  #waiters: Array<{ n: number; resolve: () => void }> = [];

  async append(record: ExchangeRecord): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failWith && !(this.failOnlyOutcomes && isIntentRecord(record))) throw this.failWith;
    if (isIntentRecord(record)) {
      this.intents.push(record);
      return;
    }
    this.records.push(record);
    this.#waiters = this.#waiters.filter((w) => (this.records.length >= w.n ? (w.resolve(), false) : true));
  }

  /** Resolves when at least `n` records were appended. */
  waitFor(n: number): Promise<void> {
    if (this.records.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  async close(): Promise<void> {}
}

/** A logger that keeps what it was told, for asserting on the server log. */
export class MemoryLogger implements GatewayLogger {
  readonly lines: Array<{ level: 'error' | 'warn'; obj: Record<string, unknown>; msg: string }> = [];
  error(obj: object, msg: string): void {
    this.lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg });
  }
  warn(obj: object, msg: string): void {
    this.lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg });
  }
}

export const noRateLimit: Step = () => {};

/**
 * A forward that answers without any upstream, as the real one does: status and headers
 * written, the body written except its last chunk, which waits in `x.finalChunk` for the log.
 */
export function fakeForward(answer: (x: Exchange) => unknown = (x) => ({ ok: true, service: x.service?.key, endpoint: x.endpoint?.pattern.path ?? null })): Step {
  return (x) => {
    const body = Buffer.from(JSON.stringify(answer(x)));
    x.requestHash = createHash('sha512').update(`${x.req.method} ${x.req.url}`).digest('base64');
    x.status = 200;
    x.res.writeHead(200, [['Content-Type', 'application/json'], ['Content-Length', String(body.length)], ...protocolResponseHeaders(x)].flat());
    const cut = Math.max(0, body.length - 3);
    x.res.write(body.subarray(0, cut));
    x.finalChunk = body.subarray(cut);
  };
}

// The configuration in memory.

export const CIVIL = { instance: 'IR', memberClass: 'GOV', memberCode: 'CIVIL', subsystemCode: 'registry' } as const;
export const HEALTH = { instance: 'IR', memberClass: 'GOV', memberCode: 'HEALTH', subsystemCode: 'insurance' } as const;
export const EDU = { instance: 'IR', memberClass: 'GOV', memberCode: 'EDU', subsystemCode: 'schools' } as const;
export const HEALTH_KEY = 'IR/GOV/HEALTH/insurance';
export const EDU_KEY = 'IR/GOV/EDU/schools';
export const SUBSYSTEM_IDS = { civil: 1, health: 2, edu: 3, civilArchive: 4 } as const;
export const SERVICE_IDS = { persons: 10, status: 11, archive: 12 } as const;

const created = '2026-01-01T00:00:00Z';

export const testMembers: Member[] = [
  { agencyCode: 'CIVIL', instance: 'IR', memberClass: 'GOV', memberCode: 'CIVIL', nameFa: 'ثبت احوال', nameEn: 'Civil Registry' },
  { agencyCode: 'HEALTH', instance: 'IR', memberClass: 'GOV', memberCode: 'HEALTH', nameFa: 'بیمه سلامت', nameEn: 'Health Insurance' },
  { agencyCode: 'EDU', instance: 'IR', memberClass: 'GOV', memberCode: 'EDU', nameFa: 'آموزش', nameEn: 'Education' },
];

const subsystem = (id: number, agencyCode: string, code: string, status: Subsystem['status'] = 'active'): Subsystem => ({ id, agencyCode, code, nameFa: code, nameEn: `${code} system`, status, rateLimitPerSecond: null, rateLimitBurst: null, version: 1 });

export const testSubsystems: Subsystem[] = [
  subsystem(SUBSYSTEM_IDS.civil, 'CIVIL', 'registry'),
  subsystem(SUBSYSTEM_IDS.health, 'HEALTH', 'insurance'),
  subsystem(SUBSYSTEM_IDS.edu, 'EDU', 'schools'),
  subsystem(SUBSYSTEM_IDS.civilArchive, 'CIVIL', 'archive', 'disabled'),
];

const service = (id: number, code: string, extra: Partial<ExchangeService>): ExchangeService => ({
  id,
  subsystemId: SUBSYSTEM_IDS.civil,
  code,
  serviceVersion: null,
  nameFa: code,
  nameEn: code,
  registryServiceId: null,
  serviceType: 'OPENAPI',
  upstreamUrl: 'http://civil.internal.example:9000/api',
  openapi: null,
  endpoints: [],
  timeoutMs: 5000,
  maxBodyBytes: 1_000_000,
  dataSubject: null,
  rateLimitPerSecond: null,
  rateLimitBurst: null,
  status: 'active',
  version: 1,
  ...extra,
});

export const testServices: ExchangeService[] = [
  service(SERVICE_IDS.persons, 'persons', {
    serviceVersion: 'v1',
    openapi: { openapi: '3.0.3', info: { title: 'Persons', version: '1' }, servers: [{ url: 'http://civil.internal.example:9000/api' }], paths: { '/persons/{nationalCode}': { servers: [{ url: 'http://10.0.0.5' }], get: { summary: 'person' } } } },
    endpoints: [
      { method: 'GET', path: '/persons/{nationalCode}' },
      { method: 'GET', path: '/persons/{nationalCode}/guardians' },
      { method: 'POST', path: '/persons/search' },
      { method: 'GET', path: '/persons/search' },
    ],
    dataSubject: { in: 'path', name: 'nationalCode' },
  }),
  service(SERVICE_IDS.status, 'status', { serviceType: 'REST', endpoints: [{ method: '*', path: '/**' }], dataSubject: { in: 'query', name: 'nationalCode' } }),
  service(SERVICE_IDS.archive, 'archive', { serviceType: 'REST', endpoints: [{ method: '*', path: '/**' }], status: 'disabled' }),
];

/** CIVIL's backends, registered by the operator; every test service lies inside. */
export const testUpstreams: SnapshotInput['upstreams'] = [{ id: 1, agencyCode: 'CIVIL', urlPrefix: 'http://civil.internal.example:9000/', internalAddresses: [], revokedAt: null }];

const right = (id: number, consumerSubsystemId: number, serviceId: number, endpoints: AccessRight['endpoints']): AccessRight => ({ id, consumerSubsystemId, serviceId, endpoints, purpose: 'test', legalBasis: 'test', rateLimitPerSecond: null, rateLimitBurst: null });

/** HEALTH may call all of persons; EDU only `GET /persons/{nationalCode}` of it, and all of status. */
export const testRights: AccessRight[] = [
  right(100, SUBSYSTEM_IDS.health, SERVICE_IDS.persons, null),
  right(101, SUBSYSTEM_IDS.edu, SERVICE_IDS.persons, [{ method: 'GET', path: '/persons/{nationalCode}' }]),
  right(102, SUBSYSTEM_IDS.edu, SERVICE_IDS.status, null),
  right(103, SUBSYSTEM_IDS.health, SERVICE_IDS.archive, null),
];

export const sha256hex = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

export const SECRETS = { health: 'health-demo-secret', edu: 'edu-demo-secret' } as const;

let nextCredentialId = 1000;
export function credential(subsystemId: number, kind: ClientCredential['kind'], fingerprint: string, extra: Partial<ClientCredential> = {}): ClientCredential {
  return { id: nextCredentialId++, subsystemId, kind, fingerprint, certificatePem: null, publicJwk: null, label: kind, notAfter: null, createdAt: created, revokedAt: null, ...extra };
}

export const secretCredentials: ClientCredential[] = [credential(SUBSYSTEM_IDS.health, 'secret', sha256hex(SECRETS.health)), credential(SUBSYSTEM_IDS.edu, 'secret', sha256hex(SECRETS.edu))];

export function testSnapshot(overrides: Partial<SnapshotInput> = {}): ExchangeSnapshot {
  return new ExchangeSnapshot({ version: 1, members: testMembers, subsystems: testSubsystems, credentials: secretCredentials, services: testServices, rights: testRights, upstreams: testUpstreams, ...overrides });
}

/** A snapshot source whose snapshot a test can swap. */
export class TestSource implements SnapshotSource {
  constructor(public snapshot: ExchangeSnapshot) {}
  current(): ExchangeSnapshot {
    return this.snapshot;
  }
  async refreshNow(): Promise<void> {}
}

// Client assertions.

export interface TestSigner {
  credential: ClientCredential;
  kid: string;
  /** A signed assertion for `client`; claims default to a valid one for `audience`. */
  sign(client: string, audience: string, claims?: { iat?: number; exp?: number; iss?: string; sub?: string; aud?: string; kid?: string }): Promise<string>;
}

export async function testSigner(subsystemId: number, extra: Partial<ClientCredential> = {}): Promise<TestSigner> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const cred = credential(subsystemId, 'jwk', kid, { publicJwk: jwk as Record<string, unknown>, ...extra });
  return { credential: cred, kid, sign: (client, audience, claims = {}) => sign(privateKey, kid, client, audience, claims) };
}

async function sign(key: CryptoKey, kid: string, client: string, audience: string, claims: { iat?: number; exp?: number; iss?: string; sub?: string; aud?: string; kid?: string }): Promise<string> {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: claims.kid ?? kid })
    .setIssuer(claims.iss ?? client)
    .setSubject(claims.sub ?? client)
    .setAudience(claims.aud ?? audience)
    .setIssuedAt(iat)
    .setExpirationTime(claims.exp ?? iat + 120)
    .sign(key);
}

// TLS material, made with the openssl command line.

export interface TestCertificates {
  dir: string;
  serverCert: string;
  serverKey: string;
  caCert: string;
  /** Signed by the CA. */
  client: { cert: string; key: string; fingerprint: string };
  /** Self-signed, chains to nothing. */
  selfSigned: { cert: string; key: string; fingerprint: string };
  remove(): void;
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'ow-gw-tls-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const f = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=test ca');
  ssl('req', '-x509', ...ec, '-keyout', f('server.key'), '-out', f('server.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  ssl('req', ...ec, '-keyout', f('client.key'), '-out', f('client.csr'), '-subj', '/CN=insurance');
  ssl('x509', '-req', '-in', f('client.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('client.pem'), '-days', '2');
  ssl('req', '-x509', ...ec, '-keyout', f('self.key'), '-out', f('self.pem'), '-days', '2', '-subj', '/CN=self');
  const fingerprint = (pem: string) => sha256hex(Buffer.from(readFileSync(pem, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
  return {
    dir,
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    caCert: f('ca.pem'),
    client: { cert: f('client.pem'), key: f('client.key'), fingerprint: fingerprint(f('client.pem')) },
    selfSigned: { cert: f('self.pem'), key: f('self.key'), fingerprint: fingerprint(f('self.pem')) },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// A gateway on an ephemeral port.

export interface TestGateway extends RunningGateway {
  writer: MemoryLogWriter;
  logger: MemoryLogger;
  config: Config;
}

export async function startTestGateway(options: { source: SnapshotSource; env?: Record<string, string>; forward?: Step; rateLimit?: Step; writer?: MemoryLogWriter; now?: () => Date; metrics?: { observe(record: ExchangeRecord): void } }): Promise<TestGateway> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', GATEWAY_PORT: '0', ...options.env });
  const writer = options.writer ?? new MemoryLogWriter();
  const logger = new MemoryLogger();
  const gateway = await startGateway({
    config,
    source: options.source,
    writer,
    forward: options.forward ?? fakeForward(),
    rateLimit: options.rateLimit ?? noRateLimit,
    node: 'test-node',
    logger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  return { ...gateway, writer, logger, config };
}

// An Exchange without a socket, for unit tests of single steps.

export function fakeExchange(init: { method?: string; url?: string; headers?: Array<[string, string]>; snapshot?: ExchangeSnapshot; socket?: Socket }): Exchange {
  const rawHeaders = (init.headers ?? []).flat();
  const req = { method: init.method ?? 'GET', url: init.url ?? '/', rawHeaders, socket: init.socket ?? new Socket() } as unknown as IncomingMessage;
  const set = new Map<string, string>();
  const res = {
    statusCode: 200,
    headersSent: false,
    setHeader: (n: string, v: string) => set.set(n.toLowerCase(), v),
    getHeader: (n: string) => set.get(n.toLowerCase()),
    getHeaderNames: () => [...set.keys()],
    removeHeader: (n: string) => set.delete(n.toLowerCase()),
  } as unknown as ServerResponse;
  return {
    req,
    res,
    messageId: 'generated-id',
    requestId: 'generated-id',
    receivedAt: new Date('2026-11-28T09:00:00Z'),
    startedNs: process.hrtime.bigint(),
    snapshot: init.snapshot ?? testSnapshot(),
    headers: headersFromRaw(rawHeaders),
  };
}
