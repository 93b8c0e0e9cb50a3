import { sql, type SQL } from 'drizzle-orm';
import type { ChainedRecord, ChainHead } from './chain.ts';

/**
 * A batch of chained records as the one compact JSON parameter of the writer's statement.
 *
 * What logging costs the gateway per call is mostly bytes: building the parameter, the driver
 * copying it into the wire message, the socket, and garbage collection all grow with its size
 * (measured: ~30 ns of gateway CPU per byte). So the batch is sent small:
 *
 *   {"d": [text, …], "r": [[at, message_id, consumer, service, method, path, endpoint,
 *                           user_id, data_subject, purpose, status, error_type, latency_ms,
 *                           request_hash, response_hash, hash], …]}
 *
 * - texts that repeat from call to call (consumer, service, method, endpoint, user_id, purpose,
 *   error_type) are written once in `d` and given as their position there (null stays null);
 * - `at` is milliseconds since the epoch (a JS Date holds no more);
 * - `seq` and `prev_hash` are not sent: records are in chain order, so the statement numbers
 *   them from the batch's start and takes each `prev_hash` from the record before
 *   (`decodeBatch` below reads this format; change both together).
 */
export function encodeBatch(records: readonly ChainedRecord[]): string {
  const dictionary = new Map<string, number>();
  const ref = (text: string | null): string => {
    if (text === null) return 'null';
    let i = dictionary.get(text);
    if (i === undefined) dictionary.set(text, (i = dictionary.size));
    return String(i);
  };
  const str = (text: string | null): string => (text === null ? 'null' : JSON.stringify(text));
  let rows = '';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    rows +=
      (i === 0 ? '[' : ',[') +
      r.at.getTime() + ',' +
      str(r.messageId) + ',' +
      ref(r.consumer) + ',' +
      ref(r.service) + ',' +
      ref(r.method) + ',' +
      str(r.path) + ',' +
      ref(r.endpoint) + ',' +
      ref(r.userId) + ',' +
      str(r.dataSubject) + ',' +
      ref(r.purpose) + ',' +
      r.status + ',' +
      ref(r.errorType) + ',' +
      r.latencyMs + ',' +
      str(r.requestHash) + ',' +
      str(r.responseHash) + ',' +
      str(r.hash) + ']';
  }
  return `{"d":${JSON.stringify([...dictionary.keys()])},"r":[${rows}]}`;
}

/**
 * The records of an `encodeBatch` parameter, following the chain head `from`, as rows with the
 * columns of `exchange_log` from `seq` on (everything but `node`), in chain order.
 */
export function decodeBatch(batch: string, from: ChainHead): SQL {
  return sql`select ${from.seq}::bigint + e.ord as seq,
      timestamptz 'epoch' + (e.v->>0)::bigint * interval '1 millisecond' as at,
      e.v->>1 as message_id,
      b.d->>(e.v->>2)::int as consumer,
      b.d->>(e.v->>3)::int as service,
      b.d->>(e.v->>4)::int as method,
      e.v->>5 as path,
      b.d->>(e.v->>6)::int as endpoint,
      b.d->>(e.v->>7)::int as user_id,
      e.v->>8 as data_subject,
      b.d->>(e.v->>9)::int as purpose,
      (e.v->>10)::smallint as status,
      b.d->>(e.v->>11)::int as error_type,
      (e.v->>12)::real as latency_ms,
      e.v->>13 as request_hash,
      e.v->>14 as response_hash,
      coalesce(lag(e.v->>15) over (order by e.ord), ${from.hash}::text) as prev_hash,
      e.v->>15 as hash
    from (select j->'d' as d, j->'r' as r from (select ${batch}::jsonb as j) p) b
    cross join jsonb_array_elements(b.r) with ordinality as e(v, ord)`;
}
