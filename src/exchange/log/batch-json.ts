import { sql, type SQL } from 'drizzle-orm';
import type { ChainedRecord, ChainHead } from './chain.ts';

/**
 * A batch of chained records as the one compact JSON parameter of the writer's statement.
 *
 * What logging costs the gateway per call is mostly bytes: building the parameter, the driver
 * copying it into the wire message, the socket and garbage collection all grow with its size.
 * So the batch is sent small — measured with 500-record batches, ~30% less gateway CPU per
 * record than named columns, and no more database CPU:
 *
 *   [{"a": at, "b": message_id, "c": consumer, "d": service, "e": method, "f": path,
 *     "g": endpoint, "h": user_id, "i": data_subject, "j": purpose, "k": status,
 *     "l": error_type, "m": latency_ms, "n": request_hash, "o": response_hash, "p": hash,
 *     "q": represented_party — only when set, so the common record costs nothing more}, …]
 *
 * - one-letter keys, read back by `jsonb_to_recordset` (positional arrays with `->>` were as
 *   small but cost the database a third more);
 * - `at` is milliseconds since the epoch (a JS Date holds no more);
 * - `seq` and `prev_hash` are not sent: records are in chain order, so the statement numbers
 *   them from the batch's start and takes each `prev_hash` from the record before.
 *
 * `decodeBatch` below reads this format; change both together.
 */
export function encodeBatch(records: readonly ChainedRecord[]): string {
  const str = (text: string | null): string => (text === null ? 'null' : JSON.stringify(text));
  let out = '[';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    out +=
      (i === 0 ? '{"a":' : ',{"a":') +
      r.at.getTime() +
      ',"b":' + str(r.messageId) +
      ',"c":' + str(r.consumer) +
      ',"d":' + str(r.service) +
      ',"e":' + str(r.method) +
      ',"f":' + str(r.path) +
      ',"g":' + str(r.endpoint) +
      ',"h":' + str(r.userId) +
      ',"i":' + str(r.dataSubject) +
      ',"j":' + str(r.purpose) +
      ',"k":' + r.status +
      ',"l":' + str(r.errorType) +
      ',"m":' + r.latencyMs +
      ',"n":' + str(r.requestHash) +
      ',"o":' + str(r.responseHash) +
      ',"p":' + str(r.hash) +
      (r.representedParty != null ? ',"q":' + str(r.representedParty) + '}' : '}');
  }
  return out + ']';
}

/**
 * The records of an `encodeBatch` parameter, following the chain head `from`, as rows with the
 * columns of `exchange_log` from `seq` on (everything but `node`), in chain order.
 */
export function decodeBatch(batch: string, from: ChainHead): SQL {
  return sql`select ${from.seq}::bigint + e.ord as seq,
      timestamptz 'epoch' + e.a * interval '1 millisecond' as at,
      e.b as message_id, e.c as consumer, e.d as service, e.e as method, e.f as path, e.g as endpoint,
      e.h as user_id, e.i as data_subject, e.j as purpose, e.k as status, e.l as error_type, e.m as latency_ms,
      e.n as request_hash, e.o as response_hash, e.q as represented_party,
      coalesce(lag(e.p) over (order by e.ord), ${from.hash}::text) as prev_hash,
      e.p as hash
    from rows from (jsonb_to_recordset(${batch}::jsonb) as (a bigint, b text, c text, d text, e text, f text, g text, h text, i text, j text, k smallint, l text, m real, n text, o text, p text, q text))
      with ordinality as e(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, ord)`;
}
