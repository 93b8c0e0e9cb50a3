import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inquiryPath, inquiryPurpose, inquiryKinds, readInquiryAnswer } from './inquiry-kinds.ts';

const l = (code: string) => ({ code, fa: 'برچسب', en: 'label' });

test('answers are read strictly: the expected shape, or null (an agency fault)', () => {
  assert.deepEqual(readInquiryAnswer('literacy-level', { nationalCode: 'x', level: l('basic'), certifiedOn: '2020-01-02' }), { kind: 'literacy-level', level: l('basic'), certifiedOn: '2020-01-02' });
  assert.deepEqual(readInquiryAnswer('literacy-level', { level: l('none'), certifiedOn: null })?.kind, 'literacy-level');
  assert.equal(readInquiryAnswer('literacy-level', { level: l('none') }), null);
  assert.equal(readInquiryAnswer('literacy-level', { level: { code: 'x' }, certifiedOn: null }), null);
  assert.equal(readInquiryAnswer('insurance-validity', { valid: 'yes', validUntil: '2027-01-31', fund: l('f'), bookletNumber: '1' }), null);
  assert.equal(readInquiryAnswer('insurance-validity', { valid: true, validUntil: '2027-13-31', fund: l('f'), bookletNumber: '1' }), null);
  assert.deepEqual(readInquiryAnswer('insurance-validity', { valid: true, validUntil: '2027-01-31', fund: l('f'), bookletNumber: '1234' }), { kind: 'insurance-validity', valid: true, validUntil: '2027-01-31', fund: l('f'), bookletNumber: '1234' });
  const card = { trackingNumber: '712345678901', status: l('printed'), history: [{ status: l('requested'), date: '2026-01-01', datePersian: 'x' }, { status: l('printed'), date: '2026-02-01' }] };
  assert.deepEqual(readInquiryAnswer('id-card-status', card), { kind: 'id-card-status', status: l('printed'), trackingNumber: '712345678901', history: [{ status: l('requested'), date: '2026-01-01' }, { status: l('printed'), date: '2026-02-01' }] });
  assert.equal(readInquiryAnswer('id-card-status', { ...card, history: [{ status: l('x'), date: 'soon' }] }), null);
  for (const kind of inquiryKinds) for (const body of [null, 'text', 42, []]) assert.equal(readInquiryAnswer(kind, body), null, `${kind} ${JSON.stringify(body)}`);
});

test('paths carry the national code where the agencies read it; purposes are ASCII header values', () => {
  assert.equal(inquiryPath('literacy-level', '1234567210'), '/literacy-level/1234567210');
  assert.equal(inquiryPath('insurance-validity', '1234567210'), '/booklets/1234567210/validity');
  assert.equal(inquiryPath('id-card-status', '1234567210'), '/cards/by-national-code/1234567210');
  for (const kind of inquiryKinds) assert.match(inquiryPurpose(kind), /^[\x20-\x7e]{1,1024}$/);
});
