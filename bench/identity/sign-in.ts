// The sign-in part of `npm run bench:identity`: password sign-ins through the whole flow against
// bare argon2id verifications, each at 1, 2 and 4 in flight (the bare figure at the same number
// in flight, so both can use as many of libuv's threads), on each engine; and what the flow costs
// without its hash, to show where the rest of the time goes.
import { nationalCodeCheckDigit } from '../../src/core/national-code.ts';
import type { Engine } from '../../src/db/database.ts';
import { hashPassword, insertAccount, passwordHashOptions, verifyPassword } from '../../src/identity/index.ts';
import { passwordSignIn } from '../../src/identity/sign-in/sign-in.ts';
import { openTestApp } from '../../test/support/app.ts';
import { ratio } from '../lib/stats.ts';

const password = 'correct horse battery staple';
const nationalCode = (i: number) => {
  const body = String(100_000_000 + i);
  return `${body}${nationalCodeCheckDigit(body)}`;
};

export interface Rate {
  n: number;
  perSecond: number;
  /** Per CPU-second of this process, all its threads (argon2 runs on libuv's). */
  perCpuSecond: number;
}

/** Runs `step` with `concurrency` in flight for `seconds`; counts per wall second and per CPU second of this process. */
export async function throughput(step: () => Promise<unknown>, seconds: number, concurrency = 1): Promise<Rate> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let n = 0;
  const worker = async () => {
    while (performance.now() - start < seconds * 1000) {
      await step();
      n++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { n, perSecond: n / wall, perCpuSecond: n / ((used.user + used.system) / 1e6) };
}

const fmt = (r: Rate) => `${r.perSecond.toFixed(1)}/s (${r.perCpuSecond.toFixed(1)} per CPU-s)`;

/** The floor: bare verifications with `concurrency` in flight. */
export async function bareArgon2(seconds: number, concurrency: number): Promise<Rate> {
  const stored = await hashPassword(password);
  await verifyPassword(stored, password);
  return throughput(() => verifyPassword(stored, password), seconds, concurrency);
}

/** Password sign-ins through the pages (POST /sign-in over app.inject), and the same sign-ins without the hash. */
export async function signInBench(engines: readonly Engine[], seconds: number, concurrencies: readonly number[] = [1, 2, 4]): Promise<void> {
  console.log(`argon2id m=${passwordHashOptions.memoryCost} KiB, t=${passwordHashOptions.timeCost}, p=${passwordHashOptions.parallelism}; ${seconds} s a run; libuv threads: ${process.env.UV_THREADPOOL_SIZE ?? 4}`);
  const floors = new Map<number, Rate>();
  for (const c of concurrencies) floors.set(c, await bareArgon2(seconds, c));
  for (const engine of engines) {
    const t = await openTestApp(engine, { SIGN_IN_BURST: '100000', SIGN_IN_PER_MINUTE: '60000' });
    try {
      const stored = await hashPassword(password);
      const people = 200;
      await t.db.transaction(async (tx) => {
        for (let i = 0; i < people; i++)
          await insertAccount(tx, { id: crypto.randomUUID(), identifierType: 'national_code', identifier: nationalCode(i), givenNameFa: 'زهرا', familyNameFa: 'احمدی', givenNameEn: 'Zahra', familyNameEn: 'Ahmadi', birthDate: '1990-03-21', mobile: `+98912${String(i).padStart(7, '0')}`, assurance: 2, mobileVerified: true, passwordHash: stored });
      });
      // The form's page is drawn once, as a browser keeps it while the person types; each sign-in is its one post.
      const form = await t.app.inject({ method: 'GET', url: '/sign-in?method=password' });
      if (form.statusCode !== 200) return void console.log(`sign-in flow: not available (GET /sign-in answers ${form.statusCode})`);
      let i = 0;
      let failed: string | undefined;
      const signIn = async () => {
        const n = i++;
        const res = await t.app.inject({
          method: 'POST',
          url: '/sign-in',
          remoteAddress: `10.0.${(n >> 8) & 255}.${n & 255}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `identifierType=national_code&method=password&identifier=${nationalCode(n % people)}&password=${encodeURIComponent(password)}`,
        });
        if (res.statusCode !== 303) failed ??= `POST /sign-in answered ${res.statusCode}`;
      };
      const client = { address: '10.0.0.1', userAgent: 'bench' };
      const noHash = () => passwordSignIn(t.db, { identifierType: 'national_code', identifier: nationalCode(i++ % people), password, client }, async () => true);
      await signIn();
      console.log(`\n### ${engine}\n`);
      console.log('| in flight | flow sign-ins/s (per CPU-s) | bare argon2id/s (per CPU-s) | ratio (goal ≥ 0.80×) | the flow without its hash: sign-ins/s (per CPU-s) |');
      console.log('|---|---|---|---|---|');
      let rss = 0;
      let heap = 0;
      const sample = () => {
        const m = process.memoryUsage();
        rss = Math.max(rss, m.rss);
        heap = Math.max(heap, m.heapUsed);
      };
      const before = process.memoryUsage();
      const sampler = setInterval(sample, 10);
      for (const c of concurrencies) {
        const flow = await throughput(signIn, seconds, c);
        const bare = floors.get(c)!;
        const rest = await throughput(noHash, Math.min(seconds, 3), c);
        console.log(`| ${c} | ${fmt(flow)} | ${fmt(bare)} | ${ratio(flow.perSecond, bare.perSecond)} | ${fmt(rest)} |`);
      }
      clearInterval(sampler);
      sample();
      if (failed) console.log(`some sign-ins failed: ${failed}`);
      console.log(`\npeak memory during these runs (server in this process): RSS ${(rss / 2 ** 20).toFixed(0)} MiB (before: ${(before.rss / 2 ** 20).toFixed(0)} MiB), heap used ${(heap / 2 ** 20).toFixed(0)} MiB (before: ${(before.heapUsed / 2 ** 20).toFixed(0)} MiB)`);
    } finally {
      await t.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.SECONDS ?? 5);
  const engines: Engine[] = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
  await signInBench(engines, seconds);
}
