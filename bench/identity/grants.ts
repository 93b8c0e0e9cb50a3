// Refresh-token and client-credentials grants per second on our database adapter, against
// oidc-provider's own in-memory adapter in the same run (the same provider configuration,
// keys and account lookup: only where the provider keeps its codes and tokens differs).
// Each is served over HTTP on 127.0.0.1 and called by CONCURRENCY callers in this process, so
// the figure is per core. Goal: ≥ 0.4× the in-memory adapter.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type Provider from 'oidc-provider';
import type { Database, Engine } from '../../src/db/database.ts';
import { insertAccount } from '../../src/identity/index.ts';
import { buildProvider, ClientDirectory, clientMetadata, createClient, loadKeySet } from '../../src/identity/oidc/index.ts';
import { benchEngines, openBenchDatabase } from '../lib/databases.ts';
import { heading, ratio } from '../lib/stats.ts';

const SECONDS = Number(process.env.BENCH_GRANTS_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_GRANTS_CONCURRENCY ?? 8);

export interface GrantsResult {
  engine: Engine;
  grant: 'refresh_token' | 'client_credentials';
  ours: number;
  inMemory: number;
  ratio: number;
}

async function listen(provider: Provider): Promise<{ server: Server; url: string }> {
  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function mintRefreshToken(provider: Provider, accountId: string, clientId: string): Promise<string> {
  const client = await provider.Client.find(clientId);
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope('openid offline_access');
  const grantId = await grant.save();
  const rt = new provider.RefreshToken({ accountId, client: client!, grantId, scope: 'openid offline_access', gty: 'authorization_code', authTime: Math.floor(Date.now() / 1000), acr: 'urn:onewindow:acr:mobile', amr: ['pwd'] } as never);
  return rt.save();
}

async function rate(url: string, auth: string, grant: GrantsResult['grant'], seed: () => Promise<string>): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  const worker = async () => {
    let refresh = grant === 'refresh_token' ? await seed() : '';
    while (Date.now() < until) {
      const body = grant === 'refresh_token' ? `grant_type=refresh_token&refresh_token=${refresh}` : 'grant_type=client_credentials';
      const res = await fetch(`${url}/oidc/token`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body });
      const json = (await res.json()) as { refresh_token?: string; error?: string };
      if (res.status !== 200) throw new Error(`${grant}: ${res.status} ${JSON.stringify(json)}`);
      if (grant === 'refresh_token') refresh = json.refresh_token!;
      done++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / ((Date.now() - started) / 1000);
}

async function benchEngine(db: Database, engine: Engine): Promise<GrantsResult[]> {
  await db.run((q) => q.execute(sql`insert into agencies (code, name_fa, name_en, kind) values ('BENCH', 'سنجش', 'Bench', 'other') on conflict do nothing`));
  const accountId = randomUUID();
  await db.transaction((tx) => insertAccount(tx, { id: accountId, identifierType: 'national_code', identifier: String(Date.now()).slice(-10), givenNameFa: 'سنجش', familyNameFa: 'سنجش', givenNameEn: 'Bench', familyNameEn: 'Bench', birthDate: '1990-01-01', mobile: '+989120000000', assurance: 2, mobileVerified: true }));
  const clientId = `bench-${randomUUID().slice(0, 8)}`;
  const { client, clientSecret } = await createClient(db, { kind: 'system', name: 'bench' }, { clientId, agencyCode: 'BENCH', nameFa: 'سنجش', nameEn: 'Bench', redirectUris: ['https://bench.example/cb'], scopes: ['openid', 'offline_access'], authMethod: 'client_secret_basic' }, () => {});
  const auth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  const keys = await loadKeySet(db, new Date());
  const common = { db, issuer: 'http://127.0.0.1', keys, pairwiseSalt: 'bench-pairwise-salt-0000', cookieKeys: ['bench-cookie-key-0000'], trustProxy: false };
  const ours = buildProvider({ ...common, clients: new ClientDirectory(db) });
  const metadata = clientMetadata({ ...client, secretHash: null } as never) as Record<string, unknown>;
  const memory = buildProvider({ ...common, clients: new ClientDirectory(db), inMemory: { clients: [{ ...metadata, client_secret: (await db.run((q) => q.execute(sql`select secret_hash from oidc_clients where client_id = ${clientId}`)) as unknown as { rows: { secret_hash: string }[] }).rows[0]!.secret_hash }] } });
  const results: GrantsResult[] = [];
  for (const grant of ['refresh_token', 'client_credentials'] as const) {
    const a = await listen(ours);
    const b = await listen(memory);
    try {
      // Warm-up, then alternate so both see the same machine.
      await rate(a.url, auth, grant, () => mintRefreshToken(ours, accountId, clientId));
      await rate(b.url, auth, grant, () => mintRefreshToken(memory, accountId, clientId));
      const oursRate = await rate(a.url, auth, grant, () => mintRefreshToken(ours, accountId, clientId));
      const memoryRate = await rate(b.url, auth, grant, () => mintRefreshToken(memory, accountId, clientId));
      results.push({ engine, grant, ours: oursRate, inMemory: memoryRate, ratio: oursRate / memoryRate });
      console.log(`${engine.padEnd(9)} ${grant.padEnd(19)} ours ${oursRate.toFixed(0).padStart(6)}/s   in-memory ${memoryRate.toFixed(0).padStart(6)}/s   ${ratio(oursRate, memoryRate)} (goal ≥ 0.40×)`);
    } finally {
      a.server.close();
      b.server.close();
    }
  }
  return results;
}

export async function grantsBench(): Promise<GrantsResult[]> {
  heading(`OpenID Connect grants per second: our database adapter vs oidc-provider's in-memory adapter, ${CONCURRENCY} concurrent callers, ${SECONDS} s each, one process`);
  const results: GrantsResult[] = [];
  for (const engine of benchEngines()) {
    const db = await openBenchDatabase(engine);
    try {
      results.push(...(await benchEngine(db, engine)));
    } finally {
      await db.close();
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await grantsBench();
