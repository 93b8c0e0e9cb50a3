import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { HEALTH_KEY, MemoryLogWriter, SECRETS, startTestGateway, testServices, testSnapshot, TestSource } from '../../../test/support/gateway.ts';
import { compileEndpoint } from '../protocol/endpoints.ts';
import type { DataSubjectLocation } from '../model.ts';
import { readDataSubject, type Subject } from './data-subject.ts';
import type { Exchange, Step } from './exchange.ts';

// Valid national codes (check digit included) and one with a wrong check digit.
const A = '1234567210';
const B = '0012345679';
const BAD_CHECK = '0012345678';
const PERSIAN_A = '۱۲۳۴۵۶۷۲۱۰';
const ARABIC_A = '١٢٣٤٥٦٧٢١٠';

const query = (q: string | undefined): Subject => readDataSubject({ in: 'query', name: 'nationalCode' }, { method: 'GET', path: '/x', query: q, headers: [], endpoint: undefined });
const header = (headers: Array<[string, string]>): Subject => readDataSubject({ in: 'header', name: 'X-National-Code' }, { method: 'GET', path: '/x', query: undefined, headers, endpoint: undefined });
const personEndpoint = compileEndpoint({ method: 'GET', path: '/persons/{nationalCode}' });
const path = (p: string): Subject => readDataSubject({ in: 'path', name: 'nationalCode' }, { method: 'GET', path: p, query: undefined, headers: [], endpoint: personEndpoint });

const refused = (reason: string, code?: string): Subject => (code === undefined ? { kind: 'refused', reason } : { kind: 'refused', reason, code }) as Subject;
const found = (code: string): Subject => ({ kind: 'found', code });
const ABSENT: Subject = { kind: 'absent' };

test('query: a repeated subject is refused, with the same value (naming the person) or different ones', () => {
  assert.deepEqual(query(`nationalCode=${A}&nationalCode=${A}`), refused('repeated', A));
  assert.deepEqual(query(`nationalCode=${A}&nationalCode=${B}`), refused('conflicting'));
  assert.deepEqual(query(`nationalCode=${A}&nationalCode=`), refused('conflicting'));
  assert.deepEqual(query(`nationalCode=${A}&x=1&nationalCode=${encodeURIComponent(PERSIAN_A)}`), refused('repeated', A), 'the same person in two spellings');
  // The key spelled encoded, in another case, with `+`, or as a list, is still the parameter.
  assert.deepEqual(query(`nationalCode=${A}&national%43ode=${B}`), refused('conflicting'));
  assert.deepEqual(query(`nationalCode=${A}&%6E%61tionalCode=${A}`), refused('repeated', A));
  assert.deepEqual(query(`nationalCode=${A}&NATIONALCODE=${B}`), refused('conflicting'));
  assert.deepEqual(query(`nationalCode[]=${A}`), refused('repeated', A), 'a list, even of one');
  assert.deepEqual(query(`nationalCode%5B0%5D=${A}&nationalCode%5B1%5D=${B}`), refused('conflicting'));
  // `;` separates pairs for some frameworks.
  assert.deepEqual(query(`x=1;nationalCode=${B}&nationalCode=${A}`), refused('conflicting'));
});

test('query: malformed or empty values are refused; + / space and percent spellings of a valid code are its canonical form', () => {
  assert.deepEqual(query(`nationalCode=${BAD_CHECK}`), refused('malformed'));
  assert.deepEqual(query('nationalCode='), refused('malformed'));
  assert.deepEqual(query('nationalCode'), refused('malformed'));
  assert.deepEqual(query('nationalCode=TRK-123'), refused('malformed'));
  assert.deepEqual(query('nationalCode=%ZZ'), refused('malformed'));
  assert.deepEqual(query(`nationalCode=${A}${B}`), refused('malformed'), 'two codes run together');
  assert.deepEqual(query(`nationalCode=${A},${B}`), refused('malformed'));
  assert.deepEqual(query(`nationalCode=%25${A.slice(0, 2)}`), refused('malformed'), 'double-encoded');
  assert.deepEqual(query('nationalCode=1111111111'), refused('malformed'), 'never issued');
  for (const spelling of [A, `+${A}+`, `%20${A}`, `${A.slice(0, 4)}+${A.slice(4)}`, `%3${A.slice(0, 1)}${A.slice(1)}`, encodeURIComponent(PERSIAN_A), encodeURIComponent(ARABIC_A), `${A.slice(0, 3)}-${A.slice(3)}`]) {
    assert.deepEqual(query(`a=1&nationalCode=${spelling}&b=2`), found(A), spelling);
  }
});

test('query: a call that does not carry the parameter is allowed with no subject', () => {
  assert.deepEqual(query(undefined), ABSENT);
  assert.deepEqual(query(''), ABSENT);
  assert.deepEqual(query(`other=${A}&nationalCodes=${A}&national=${A}&xnationalCode=${A}`), ABSENT);
  assert.deepEqual(query('&&;;=&='), ABSENT);
});

test('header: two header lines or a comma list are refused; one valid line is the subject', () => {
  assert.deepEqual(header([['X-National-Code', A], ['x-national-code', A]]), refused('repeated', A));
  assert.deepEqual(header([['X-National-Code', A], ['X-National-Code', B]]), refused('conflicting'));
  assert.deepEqual(header([['X-National-Code', `${A}, ${A}`]]), refused('repeated', A));
  assert.deepEqual(header([['X-National-Code', `${A},${B}`]]), refused('conflicting'));
  assert.deepEqual(header([['X-National-Code', `${A},`]]), refused('conflicting'));
  assert.deepEqual(header([['X-National-Code', '']]), refused('malformed'));
  assert.deepEqual(header([['X-National-Code', BAD_CHECK]]), refused('malformed'));
  // Headers are not percent-decoded: a header carries text, not a URL component.
  assert.deepEqual(header([['X-National-Code', '%31234567210']]), refused('malformed'));
  assert.deepEqual(header([['x-national-code', ` ${PERSIAN_A} `]]), found(A));
  assert.deepEqual(header([['X-Other', A]]), ABSENT);
});

test('path: encoded digits and Persian or Arabic-Indic digits log the canonical code; malformed segments are refused', () => {
  assert.deepEqual(path(`/persons/${A}`), found(A));
  assert.deepEqual(path(`/persons/%31%32${A.slice(2)}`), found(A));
  assert.deepEqual(path('/persons/' + encodeURIComponent(PERSIAN_A)), found(A));
  assert.deepEqual(path('/persons/' + encodeURIComponent(ARABIC_A)), found(A));
  assert.deepEqual(path(`/persons/${BAD_CHECK}`), refused('malformed'));
  assert.deepEqual(path('/persons/TRK-123'), refused('malformed'));
  assert.deepEqual(path(`/persons/${A};v=1`), refused('malformed'), 'a path parameter some upstreams drop');
  assert.deepEqual(path(`/persons/+${A}`), refused('malformed'), '+ is a literal plus in a path');
  assert.deepEqual(path(`/persons/%25${A}`), refused('malformed'));
  assert.deepEqual(path('/persons/%ZZ'), refused('malformed'));
  assert.deepEqual(path(`/other/${A}`), ABSENT, 'the endpoint does not match');
  const without = readDataSubject({ in: 'path', name: 'nationalCode' }, { method: 'GET', path: `/persons/${A}`, query: undefined, headers: [], endpoint: compileEndpoint({ method: 'GET', path: '/persons/*' }) });
  assert.deepEqual(without, ABSENT, 'no {nationalCode} in the matched endpoint');
});

// The pipeline end to end: the refusal comes before forward, and the log records it.

const headerService = testServices.map((s) => (s.code === 'status' ? { ...s, dataSubject: { in: 'header', name: 'X-National-Code' } satisfies DataSubjectLocation } : s));
const source = new TestSource(testSnapshot());
const writer = new MemoryLogWriter();
const forwarded: string[] = [];
const forward: Step = (x: Exchange) => {
  forwarded.push(x.req.url ?? '');
  const body = Buffer.from('{}');
  x.status = 200;
  x.res.writeHead(200, ['Content-Type', 'application/json', 'Content-Length', '2']);
  x.finalChunk = body;
};
let gw: Awaited<ReturnType<typeof startTestGateway>>;
const edu = { 'X-Road-Client': 'IR/GOV/EDU/schools', 'X-OneWindow-Client-Secret': SECRETS.edu };
const health = { 'X-Road-Client': HEALTH_KEY, 'X-OneWindow-Client-Secret': SECRETS.health };
const STATUS = '/r1/IR/GOV/CIVIL/registry/status/x';

before(async () => {
  gw = await startTestGateway({ source, env: { GATEWAY_SHARED_SECRETS: 'true' }, writer, forward });
});
after(() => gw.close());

/** Headers as [name, value] pairs, so one name can be sent on two lines. */
async function call(url: string, headers: Record<string, string> | Array<[string, string]>, id: string) {
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  const res = await request(gw.url + url, { headers: [...pairs, ['X-Road-Id', id]].flat() });
  const body = await res.body.text();
  const record = writer.records.find((r) => r.messageId === id);
  assert.ok(record, `a record for ${id}`);
  return { status: res.statusCode, error: res.headers['x-road-error'], body, record, forwarded: forwarded.some((u) => u === url) };
}

test('the data subject cannot be hidden by repeating it: refused before forwarding, and the refusal is logged', async () => {
  const same = await call(`${STATUS}?nationalCode=${A}&nationalCode=${A}`, edu, 'repeat-same');
  assert.deepEqual([same.status, same.error, same.forwarded], [400, 'Client.InvalidDataSubject', false]);
  assert.equal(same.record.errorType, 'Client.InvalidDataSubject');
  assert.equal(same.record.dataSubject, A, 'the person sees the attempt');
  assert.ok(!same.body.includes(A), 'the answer does not echo the national code');

  const different = await call(`${STATUS}?nationalCode=${A}&national%43ode=${B}`, edu, 'repeat-different');
  assert.deepEqual([different.status, different.error, different.forwarded], [400, 'Client.InvalidDataSubject', false]);
  assert.equal(different.record.errorType, 'Client.InvalidDataSubject');
  assert.equal(different.record.dataSubject, null, 'which person is unknowable');

  const malformed = await call(`/r1/IR/GOV/CIVIL/registry/persons/persons/${BAD_CHECK}`, health, 'malformed');
  assert.deepEqual([malformed.status, malformed.error, malformed.forwarded], [400, 'Client.InvalidDataSubject', false]);

  // Refused before authorize too: a consumer with no right learns nothing more than the refusal.
  const noRight = await call(`/r1/IR/GOV/CIVIL/registry/status/x?nationalCode=${A}&nationalCode=${B}`, health, 'no-right');
  assert.equal(noRight.error, 'Client.InvalidDataSubject');
});

test('a repeated header is refused end to end; one canonical subject is forwarded and logged; an absent one passes', async () => {
  source.snapshot = testSnapshot({ services: headerService });
  try {
    const twice = await call(STATUS, [...Object.entries(edu), ['X-National-Code', A], ['X-National-Code', A]], 'header-twice');
    assert.deepEqual([twice.status, twice.error, twice.forwarded], [400, 'Client.InvalidDataSubject', false]);
    assert.equal(twice.record.dataSubject, A);
    const list = await call(STATUS, { ...edu, 'X-National-Code': `${A}, ${B}` }, 'header-list');
    assert.deepEqual([list.status, list.error, list.forwarded], [400, 'Client.InvalidDataSubject', false]);
    const once = await call(STATUS + '?one', { ...edu, 'X-National-Code': ` ${A} ` }, 'header-once');
    assert.deepEqual([once.status, once.forwarded, once.record.dataSubject], [200, true, A]);
  } finally {
    source.snapshot = testSnapshot();
  }
  const absent = await call(STATUS + '?other=1', edu, 'absent');
  assert.deepEqual([absent.status, absent.forwarded, absent.record.dataSubject, absent.record.errorType], [200, true, null, null]);
  const path = await call('/r1/IR/GOV/CIVIL/registry/persons/persons/' + encodeURIComponent(PERSIAN_A), health, 'path-persian');
  assert.deepEqual([path.status, path.record.dataSubject], [200, A]);
});
