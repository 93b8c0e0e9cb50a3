// `npm run bench:gateway`: OneWindow's exchange gateway against the proxies people would
// otherwise put in front of an agency API, all in front of the same upstream, measured by the
// same load generator in the same run, in alternating rounds.
//
//   npm run bench:gateway                       3 rounds, 5 s per measurement
//   npm run bench:gateway -- --quick            smoke run: 1 round, 1 s
//   npm run bench:gateway -- --duration=10 --rounds=5 --only=nginx,undici,async
//   npm run bench:gateway -- --nice=-10         ahead of other work on a shared machine (root)
import { cpus, loadavg } from 'node:os';
import { askChild, canPin, cpuUs, peakRssMiB, pinProcesses, processTree, runLoad, setNiceness, startNodeChild, type NodeChild } from './processes.ts';
import { ensureNginx, startNginx } from './nginx.ts';
import type { LoadResult } from './load.ts';
import { heading } from '../lib/stats.ts';

const arg = (name: string): string | undefined => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1];
const quick = process.argv.includes('--quick');
const options = {
  seconds: Number(arg('duration') ?? (quick ? 1 : 5)),
  rounds: Number(arg('rounds') ?? (quick ? 1 : 3)),
  connections: Number(arg('connections') ?? 64),
  rate: Number(arg('rate') ?? 2000),
  /** Warm-up (JIT, pools, connections): this many requests, or this many seconds at most. */
  warmUpRequests: quick ? 2_000 : 20_000,
  warmUpSeconds: quick ? 2 : 15,
  only: arg('only')?.split(',') ?? null,
  nice: arg('nice') === undefined ? null : Number(arg('nice')),
};
setNiceness(options.nice);
const SERVER_CORE = 1;
const LOAD_CORE = 0;
const NATIONAL_CODE = '0012345679';

interface Running {
  port: number;
  /** Processes whose CPU time counts as the contender's. */
  pids(): number[];
  /** Extra processes reported apart (the database backends of the log), if any. */
  extraPids?(): Promise<number[]>;
  /** What to request; asked before each measurement (OneWindow signs a fresh client assertion). */
  request(): Promise<{ path: string; headers: Record<string, string> }>;
  stop(): Promise<void>;
}

interface Contender {
  key: string;
  name: string;
  start(upstreamPort: number): Promise<Running | { skipped: string }>;
}

const plainRequest = { path: `/persons/${NATIONAL_CODE}`, headers: { accept: 'application/json' } };

function fromChild(child: NodeChild): Running {
  return { port: child.port, pids: () => [child.pid], request: async () => plainRequest, stop: () => child.stop() };
}

function oneWindow(mode: 'durable' | 'async'): Contender {
  return {
    key: mode,
    name: `OneWindow gateway, ${mode} log`,
    async start(upstreamPort) {
      const child = await startNodeChild('onewindow.ts', [`--upstream=http://127.0.0.1:${upstreamPort}`, `--mode=${mode}`], SERVER_CORE, { timeoutMs: 120_000 });
      return { ...fromChild(child), extraPids: () => askChild<number[]>(child, 'pids'), request: () => askChild(child, 'request') };
    },
  };
}

const contenders: Contender[] = [
  {
    key: 'direct',
    name: 'upstream direct (no proxy)',
    // A second instance of the upstream, on the server core like every other contender.
    start: async () => fromChild(await startNodeChild('upstream.ts', [], SERVER_CORE)),
  },
  {
    key: 'nginx',
    name: 'nginx reverse proxy (1 worker)',
    async start(upstreamPort) {
      const nginx = ensureNginx((line) => console.log(line));
      if ('missing' in nginx) return { skipped: nginx.missing };
      const child = await startNginx(nginx.path, upstreamPort, SERVER_CORE);
      return { port: child.port, pids: () => processTree(child.pid), request: async () => plainRequest, stop: () => child.stop() };
    },
  },
  {
    key: 'undici',
    name: 'bare node:http + undici Pool proxy',
    start: async (upstreamPort) => fromChild(await startNodeChild('proxy-undici.ts', [`--upstream=http://127.0.0.1:${upstreamPort}`], SERVER_CORE)),
  },
  {
    key: 'fastify',
    name: '@fastify/http-proxy',
    start: async (upstreamPort) => fromChild(await startNodeChild('proxy-fastify.ts', [`--upstream=http://127.0.0.1:${upstreamPort}`], SERVER_CORE)),
  },
  oneWindow('durable'),
  oneWindow('async'),
];

interface Measurement {
  saturation: LoadResult;
  fixed: LoadResult;
  /** Server CPU per request at saturation, µs. */
  cpuUs: number;
  /** Database backend CPU per request at saturation, µs (OneWindow only). */
  dbCpuUs: number | null;
  /** Share of one core the server used at saturation. */
  busy: number;
  /** Server CPU per request at the fixed rate, µs: every contender serves the same requests per second. */
  fixedCpuUs: number;
  /** The server process(es)' peak resident memory so far, MiB. */
  peakRssMiB: number;
}

async function measure(load: NodeChild, running: Running): Promise<Measurement> {
  const target = { origin: `http://127.0.0.1:${running.port}`, ...(await running.request()) };
  const pids = running.pids();
  // The database backends come and go (the pool closes idle connections and opens new ones
  // under load), so they are read again afterwards: one opened during the run counts whole.
  const backends = running.extraPids ? await running.extraPids() : [];
  pinProcesses(backends, LOAD_CORE);
  const extraBefore = new Map(backends.map((pid) => [pid, cpuUs([pid])]));
  const before = cpuUs(pids);
  const saturation = await runLoad(load, { kind: 'saturate', connections: options.connections, seconds: options.seconds, ...target });
  const used = cpuUs(pids) - before;
  const extra = running.extraPids ? await running.extraPids() : [];
  const extraUsed = extra.reduce((sum, pid) => sum + Math.max(0, cpuUs([pid]) - (extraBefore.get(pid) ?? 0)), 0);
  const served = saturation.ok + saturation.failed;
  if (running.extraPids) pinProcesses(await running.extraPids(), LOAD_CORE);
  const fixedBefore = cpuUs(pids);
  const fixed = await runLoad(load, { kind: 'rate', rate: options.rate, seconds: options.seconds, connections: options.connections, ...target });
  const fixedCpuUs = (cpuUs(pids) - fixedBefore) / Math.max(1, fixed.ok + fixed.failed);
  return { saturation, fixed, cpuUs: used / served, dbCpuUs: extra.length ? extraUsed / served : null, busy: used / (saturation.seconds * 1e6), fixedCpuUs, peakRssMiB: peakRssMiB(pids) };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const msf = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1)) + ' ms';
const times = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '—');
const check = (ok: boolean) => (ok ? '✔' : '✘');

async function main(): Promise<void> {
  const selected = options.only ? contenders.filter((c) => options.only!.includes(c.key)) : contenders;
  heading(`Gateway: ${selected.length} contenders in front of one upstream, ${options.rounds} alternating round(s), ${options.seconds} s per measurement`);
  console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; load average at start ${loadavg()[0]!.toFixed(1)} (other work on the machine adds noise).`);
  console.log(
    canPin
      ? `Pinned with taskset: servers under test on core ${SERVER_CORE}; load generator, the shared upstream and the PostgreSQL backends of OneWindow's log (moved before each measurement, when permitted) on core ${LOAD_CORE}.`
      : 'Not pinned (taskset missing or a single core): every process shares the machine.',
  );
  if (options.nice !== null) console.log(`Every benchmark process runs at nice ${options.nice}.`);
  console.log(`Saturation: ${options.connections} keep-alive connections (autocannon, closed loop). Fixed rate: ${int(options.rate)} req/s, open loop over ${options.connections} connections, latency from each request's intended start.\n`);

  const load = await startNodeChild('load.ts', [], LOAD_CORE);
  const upstream = await startNodeChild('upstream.ts', [], LOAD_CORE);
  const running = new Map<string, Running>();
  const skipped = new Map<string, string>();
  const results = new Map<string, Measurement[]>();
  // Ctrl-C: stop what was started (nginx's folder, the scratch databases) before leaving.
  process.once('SIGINT', () => {
    console.log('\nInterrupted; stopping the contenders …');
    void Promise.allSettled([...running.values()].map((r) => r.stop()))
      .then(() => Promise.allSettled([upstream.stop(), load.stop()]))
      .finally(() => process.exit(130));
  });
  try {
    for (const c of selected) {
      try {
        const r = await c.start(upstream.port);
        if ('skipped' in r) skipped.set(c.key, r.skipped);
        else running.set(c.key, r);
      } catch (error) {
        skipped.set(c.key, (error as Error).message);
      }
      if (skipped.has(c.key)) console.log(`! ${c.name} skipped: ${skipped.get(c.key)}`);
    }
    const active = selected.filter((c) => running.has(c.key));
    // Warm-up, untimed: V8 optimises by how often code runs, so it counts requests, not seconds.
    for (const c of active) {
      const r = running.get(c.key)!;
      const target = { origin: `http://127.0.0.1:${r.port}`, ...(await r.request()) };
      const until = Date.now() + options.warmUpSeconds * 1000;
      for (let served = 0; served < options.warmUpRequests && Date.now() < until; ) {
        served += (await runLoad(load, { kind: 'saturate', connections: options.connections, seconds: 1, ...target })).ok;
      }
    }
    for (let round = 0; round < options.rounds; round++) {
      const order = active.map((_, i) => active[(i + round) % active.length]!);
      for (const c of order) {
        const m = await measure(load, running.get(c.key)!);
        results.set(c.key, [...(results.get(c.key) ?? []), m]);
        console.log(
          `round ${round + 1} ${c.key.padEnd(8)} ${int(m.saturation.perSecond).padStart(7)} req/s  p50 ${msf(m.saturation.p50)}  p99 ${msf(m.saturation.p99)}  @${int(options.rate)}/s p99 ${msf(m.fixed.p99)}  ${m.cpuUs.toFixed(1)} µs/req` +
            (m.dbCpuUs !== null ? ` (+${m.dbCpuUs.toFixed(1)} DB)` : '') +
            (m.saturation.failed + m.fixed.failed ? `  ${m.saturation.failed + m.fixed.failed} FAILED` : ''),
        );
      }
    }
  } finally {
    for (const r of running.values()) await r.stop().catch(() => undefined);
    await upstream.stop();
    await load.stop();
  }
  report(selected, results, skipped);
  console.log(`\nLoad average at the end: ${loadavg()[0]!.toFixed(1)}.`);
}

interface Row {
  c: Contender;
  rps: number;
  p50: number;
  p99: number;
  fixedP99: number;
  cpu: number;
  db: number | null;
  busy: number;
  fixedCpu: number;
  rss: number;
  failed: number;
}

function report(selected: Contender[], results: Map<string, Measurement[]>, skipped: Map<string, string>): void {
  const rows = new Map<string, Row>();
  for (const c of selected) {
    const ms = results.get(c.key);
    if (!ms?.length) continue;
    const dbs = ms.map((m) => m.dbCpuUs).filter((x): x is number => x !== null);
    rows.set(c.key, {
      c,
      rps: median(ms.map((m) => m.saturation.perSecond)),
      p50: median(ms.map((m) => m.saturation.p50)),
      p99: median(ms.map((m) => m.saturation.p99)),
      fixedP99: median(ms.map((m) => m.fixed.p99)),
      cpu: median(ms.map((m) => m.cpuUs)),
      db: dbs.length ? median(dbs) : null,
      busy: median(ms.map((m) => m.busy)),
      fixedCpu: median(ms.map((m) => m.fixedCpuUs)),
      rss: Math.max(...ms.map((m) => m.peakRssMiB)),
      failed: ms.reduce((s, m) => s + m.saturation.failed + m.fixed.failed, 0),
    });
  }
  const nginx = rows.get('nginx');
  const undici = rows.get('undici');
  console.log(`\n### Medians of ${options.rounds} round(s)\n`);
  console.log(`| contender | req/s | p50 | p99 | p99 at ${int(options.rate)}/s | CPU µs/req | server core busy | CPU µs/req at ${int(options.rate)}/s | peak RSS | req/s vs nginx | req/s vs undici proxy | added p99 at ${int(options.rate)}/s vs nginx |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows.values()) {
    const cpu = `${r.cpu.toFixed(1)}` + (r.db !== null ? ` (+${r.db.toFixed(1)} DB)` : '');
    const added = nginx ? `${r.fixedP99 - nginx.fixedP99 >= 0 ? '+' : ''}${msf(r.fixedP99 - nginx.fixedP99)}` : '—';
    console.log(`| ${r.c.name}${r.failed ? ` (${r.failed} failed)` : ''} | ${int(r.rps)} | ${msf(r.p50)} | ${msf(r.p99)} | ${msf(r.fixedP99)} | ${cpu} | ${Math.round(r.busy * 100)}% | ${r.fixedCpu.toFixed(1)} | ${Math.round(r.rss)} MiB | ${times(r.rps, nginx?.rps)} | ${times(r.rps, undici?.rps)} | ${added} |`);
  }
  for (const [key, why] of skipped) console.log(`\n${selected.find((c) => c.key === key)?.name}: not measured — ${why}`);
  console.log(
    `\n"server core busy" is the contender's CPU time over the run's wall time: well under 100% means something else was the limit — the load core (load generator + upstream) or other work on the machine — so that req/s is a lower bound. CPU µs/req and peak RSS (the most resident memory the process(es) held at any time, warm-up included) count the server process(es) only` +
      ' (nginx: master and worker); "+ DB" is the PostgreSQL backends writing the exchange log.',
  );

  console.log('\n### Goals\n');
  for (const mode of ['durable', 'async'] as const) {
    const r = rows.get(mode);
    if (!r) {
      console.log(`- OneWindow ${mode}: not measured${skipped.has(mode) ? ` (${skipped.get(mode)})` : ''}`);
      continue;
    }
    const valid = r.failed === 0 ? '' : ` — ${r.failed} requests failed, figures not valid`;
    const lines: string[] = [];
    lines.push(nginx ? `throughput ≥ 0.35× nginx: ${times(r.rps, nginx.rps)} ${check(r.rps >= 0.35 * nginx.rps && !r.failed)}` : 'throughput vs nginx: nginx not measured');
    lines.push(undici ? `throughput ≥ 0.9× bare undici proxy: ${times(r.rps, undici.rps)} ${check(r.rps >= 0.9 * undici.rps && !r.failed)}` : 'throughput vs undici proxy: not measured');
    lines.push(`CPU ≤ 50 µs/req: ${r.cpu.toFixed(1)} µs ${check(r.cpu <= 50 && !r.failed)}`);
    const limit = mode === 'async' ? 1 : 4;
    lines.push(nginx ? `added p99 at ${int(options.rate)}/s ≤ ${limit} ms over nginx: +${msf(r.fixedP99 - nginx.fixedP99)} ${check(r.fixedP99 - nginx.fixedP99 <= limit && !r.failed)}` : 'added p99 vs nginx: nginx not measured');
    console.log(`- OneWindow ${mode}${valid}: ${lines.join('; ')}`);
  }
}

await main();
