// One measurement of `bench/exports.ts` in a process of its own, so each has a clean heap and
// resident size: `exports-child.ts <engine> <buffered|streamed> <concurrency>`, the database
// named by DATA_DIR or DATABASE_URL. Prints one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Database } from '../src/db/database.ts';
import { openEmbedded } from '../src/db/embedded.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { selectAllServices } from '../src/registry/service-repository.ts';
import { exportColumns, exportHead, exportRegistry, exportRow, exportTail } from '../src/registry/transfer/export.ts';

export interface ExportMeasurement {
  ms: number;
  bytes: number;
  /** Peak resident size above the size before the exports, MiB (VmHWM after resetting it). */
  rssMiB: number;
  /**
   * Peak of live memory (heap + external + array buffers, after a collection) above the start,
   * MiB, sampled at most every 250 ms: what the exports hold, not the garbage V8 has yet to collect.
   */
  heapMiB: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The export as it was before it streamed: every service read into one array, then written. */
async function* bufferedExport(db: Database): AsyncGenerator<string> {
  const records: object[] = await db.run(async (q) => {
    const all: object[] = [];
    for await (const s of selectAllServices(q)) all.push(s);
    return all;
  });
  const columns = exportColumns('services');
  yield exportHead(columns, 'json');
  let first = true;
  for (const r of records) {
    yield exportRow(columns, 'json', r as Record<string, unknown>, first);
    first = false;
  }
  yield exportTail('json');
}

const kib = (field: string, status: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);

async function main(): Promise<void> {
  const [engine, mode, n] = process.argv.slice(2) as ['embedded' | 'postgres', 'buffered' | 'streamed', string];
  const db = engine === 'embedded' ? await openEmbedded({ dataDir: process.env.DATA_DIR! }) : await openPostgres(process.env.DATABASE_URL!, 10);
  try {
    await db.ping();
    gc();
    const heap = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external + m.arrayBuffers;
    };
    const heapStart = heap();
    let heapPeak = heapStart;
    // Sampled as chunks arrive (a timer would not run while the engine answers in microtasks),
    // after a collection, at most every 250 ms (a collection costs more than a chunk).
    let sampledAt = 0;
    const sample = () => {
      const now = performance.now();
      if (now - sampledAt < 250) return;
      gc();
      heapPeak = Math.max(heapPeak, heap());
      sampledAt = performance.now();
    };
    const rssStart = kib('VmRSS', readFileSync('/proc/self/status', 'utf8'));
    // Resets VmHWM to the current resident size (Linux), so the peak read after is this run's.
    writeFileSync('/proc/self/clear_refs', '5');
    let bytes = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Number(n) }, () => {
        const source = mode === 'buffered' ? bufferedExport(db) : exportRegistry(db, 'services', 'json');
        // What the route does: one chunk ahead of a sink that takes every chunk as it comes.
        const sink = new Writable({
          write(chunk: Buffer, _enc, done) {
            bytes += chunk.length;
            sample();
            done();
          },
        });
        return pipeline(Readable.from(source, { highWaterMark: 1 }), sink);
      }),
    );
    const ms = performance.now() - started;
    const rssPeak = kib('VmHWM', readFileSync('/proc/self/status', 'utf8'));
    const result: ExportMeasurement = { ms, bytes, rssMiB: (rssPeak - rssStart) / 1024, heapMiB: (heapPeak - heapStart) / 2 ** 20 };
    console.log(JSON.stringify(result));
  } finally {
    await db.close();
  }
}

await main();
