import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalFields, canonicalText, chainHash, chainRecords, GENESIS_HASH, latencyMicros, type HashedFields } from './chain.ts';
import type { ExchangeRecord } from './record.ts';

const record: ExchangeRecord = {
  messageId: 'm-1',
  at: new Date('2026-01-01T00:00:00.000Z'),
  consumer: 'IR/GOV/10000001/lms',
  service: 'IR/GOV/10000002/registry/persons/v1',
  method: 'GET',
  path: '/persons/0012345679',
  endpoint: 'GET /persons/{nationalCode}',
  userId: 'IR۱۲۳',
  dataSubject: '0012345679',
  purpose: null,
  status: 200,
  errorType: null,
  latencyMs: 12.5,
  requestHash: null,
  responseHash: '',
};
const fields: HashedFields = { ...record, node: 'gw-1', seq: 1 };

test('the canonical text is the documented one, byte for byte', () => {
  assert.equal(
    canonicalText(GENESIS_HASH, fields),
    [
      'ow-exchange-log-v1',
      '0'.repeat(64),
      '4:gw-1',
      '1:1',
      '13:1767225600000',
      '3:m-1',
      '19:IR/GOV/10000001/lms',
      '35:IR/GOV/10000002/registry/persons/v1',
      '3:GET',
      '19:/persons/0012345679',
      '27:GET /persons/{nationalCode}',
      // UTF-8 bytes, not characters: 2 + 3 × 2
      '8:IR۱۲۳',
      '10:0012345679',
      '-',
      '3:200',
      '-',
      '5:12500',
      '-',
      '0:',
      '',
    ].join('\n'),
  );
  assert.equal(chainHash(GENESIS_HASH, fields), createHash('sha256').update(canonicalText(GENESIS_HASH, fields)).digest('hex'));
  assert.match(chainHash(GENESIS_HASH, fields), /^[0-9a-f]{64}$/);
});

test('every field, the position, the node and the previous hash change the hash; null differs from empty', () => {
  const base = chainHash(GENESIS_HASH, fields);
  const variants: Partial<HashedFields>[] = [
    { node: 'gw-2' }, { seq: 2 }, { at: new Date(fields.at.getTime() + 1) }, { messageId: 'm-2' }, { consumer: null }, { service: 'x' },
    { method: 'POST' }, { path: '/p' }, { endpoint: null }, { userId: null }, { dataSubject: '0012345670' }, { purpose: '' },
    { status: 404 }, { errorType: 'Server.ServerProxy.AccessDenied' }, { latencyMs: 12.501 }, { requestHash: 'abc' }, { responseHash: null },
  ];
  for (const v of variants) assert.notEqual(chainHash(GENESIS_HASH, { ...fields, ...v }), base, JSON.stringify(v));
  assert.notEqual(chainHash('1'.repeat(64), fields), base);
  // A length prefix keeps field boundaries: moving text between fields changes the hash.
  assert.notEqual(chainHash(GENESIS_HASH, { ...fields, method: 'GET\n3:x' }), chainHash(GENESIS_HASH, { ...fields, method: 'GET', path: 'x' }));
});

test('latency is hashed as the 32-bit value the table stores, in microseconds', () => {
  assert.equal(latencyMicros(12.5), 12_500);
  assert.equal(latencyMicros(0.0004), 0);
  assert.equal(latencyMicros(1.2345678), Math.round(Math.fround(1.2345678) * 1000));
  assert.equal(chainHash(GENESIS_HASH, { ...fields, latencyMs: 3.3 }), chainHash(GENESIS_HASH, { ...fields, latencyMs: Math.fround(3.3) }));
});

test('chainRecords numbers from the head and links each record to the one before', () => {
  const head = { seq: 41, hash: 'a'.repeat(64) };
  const chained = chainRecords('gw-1', head, [record, { ...record, messageId: 'm-2', latencyMs: 3.3 }, { ...record, messageId: 'm-3' }]);
  assert.deepEqual(chained.map((r) => r.seq), [42, 43, 44]);
  assert.equal(chained[0]!.prevHash, head.hash);
  assert.equal(chained[1]!.prevHash, chained[0]!.hash);
  assert.equal(chained[2]!.prevHash, chained[1]!.hash);
  assert.equal(chained[1]!.latencyMs, Math.fround(3.3));
  for (const r of chained) assert.equal(chainHash(r.prevHash, r), r.hash);
  assert.equal(chainRecords('gw-1', { seq: 0, hash: GENESIS_HASH }, [record])[0]!.prevHash, GENESIS_HASH);
});

test('the unrolled canonical text equals the documented field list joined', () => {
  for (const v of [fields, { ...fields, consumer: null, userId: 'a\nb', latencyMs: 0 }, { ...fields, seq: 123456789, status: 504 }]) {
    const expected = `ow-exchange-log-v1\n${GENESIS_HASH}\n` + canonicalFields(v).map((f) => (f === null ? '-\n' : `${Buffer.byteLength(f)}:${f}\n`)).join('');
    assert.equal(canonicalText(GENESIS_HASH, v), expected);
  }
});

test('a record naming a represented party is hashed with v2: one more field, the old records unchanged', () => {
  const v1 = chainHash(GENESIS_HASH, fields);
  assert.equal(chainHash(GENESIS_HASH, { ...fields, representedParty: null }), v1, 'null is v1: records written before the column keep their hash');
  const withParty: HashedFields = { ...fields, representedParty: 'COM/10101010104' };
  const text = canonicalText(GENESIS_HASH, withParty);
  assert.ok(text.startsWith('ow-exchange-log-v2\n'));
  assert.ok(text.endsWith('-\n0:\n15:COM/10101010104\n'), 'the party is the 18th field, after response_hash');
  assert.equal(text, `ow-exchange-log-v2\n${canonicalText(GENESIS_HASH, fields).slice('ow-exchange-log-v1\n'.length)}15:COM/10101010104\n`);
  assert.deepEqual(canonicalFields(withParty).slice(-1), ['COM/10101010104']);
  assert.equal(canonicalFields(fields).length, 17);
  const v2 = chainHash(GENESIS_HASH, withParty);
  assert.notEqual(v2, v1, 'stripping the party breaks the hash');
  assert.notEqual(chainHash(GENESIS_HASH, { ...withParty, representedParty: '' }), v2);
  const chained = chainRecords('gw-1', { seq: 0, hash: GENESIS_HASH }, [record, { ...record, representedParty: 'COM/10101010104' }, record]);
  assert.equal(chained[0]!.hash, v1);
  assert.equal(chained[1]!.representedParty, 'COM/10101010104');
  assert.equal(chained[1]!.hash, chainHash(chained[0]!.hash, chained[1]!));
  assert.equal(chained[2]!.representedParty, null);
});
