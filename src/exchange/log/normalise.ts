import type { ExchangeRecord } from './record.ts';

/* eslint-disable no-control-regex */
const suspicious = /[\u0000\uD800-\uDFFF]/;
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */
const clean = (s: string): string => (suspicious.test(s) ? s.replace(unstorable, '\uFFFD') : s);
const cleanOrNull = (s: string | null): string | null => (s === null ? null : clean(s));

/**
 * What the database can store: text without NUL or lone surrogates (replaced by U+FFFD), a
 * status a smallint holds (999 for one that is no HTTP status), a finite latency. One odd record must not fail a whole batch.
 */
export function normalise(r: ExchangeRecord, now: () => Date): ExchangeRecord {
  return {
    messageId: clean(r.messageId),
    at: r.at instanceof Date && Number.isFinite(r.at.getTime()) ? r.at : now(),
    consumer: cleanOrNull(r.consumer),
    service: cleanOrNull(r.service),
    method: clean(r.method),
    path: clean(r.path),
    endpoint: cleanOrNull(r.endpoint),
    userId: cleanOrNull(r.userId),
    representedParty: cleanOrNull(r.representedParty ?? null),
    dataSubject: cleanOrNull(r.dataSubject),
    purpose: cleanOrNull(r.purpose),
    // 0 is kept for intent records (INTENT_STATUS); a status no answer can have becomes 999.
    status: Number.isInteger(r.status) && r.status >= 0 && r.status <= 999 ? r.status : 999,
    errorType: r.errorType,
    latencyMs: Number.isFinite(r.latencyMs) && r.latencyMs >= 0 ? r.latencyMs : 0,
    requestHash: cleanOrNull(r.requestHash),
    responseHash: cleanOrNull(r.responseHash),
  };
}
