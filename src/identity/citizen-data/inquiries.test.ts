import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActingFor } from '../../core/profiles.ts';
import { checkMayAsk, onBehalfOf } from './inquiries.ts';

const person = { identifierType: 'national_code' as const, identifier: '1234567229', nameFa: 'علی احمدی', nameEn: 'Ali Ahmadi' };
const self: ActingFor = { profileId: null, kind: 'self', subject: person, role: null, services: null, validUntil: null };
const ward: ActingFor = { profileId: 'p-1', kind: 'ward', subject: person, role: { code: 'natural_guardian', fa: 'ولی قهری', en: 'natural guardian' }, services: null, validUntil: '2031-01-01' };
const mandate = (services: string[]): ActingFor => ({ profileId: 'p-2', kind: 'mandate', subject: person, role: null, services, validUntil: null });
const company: ActingFor = { profileId: 'p-3', kind: 'legal_entity', subject: { identifierType: 'legal_id', identifier: '10101010104', nameFa: 'شرکت نمونه', nameEn: 'Sample Co.' }, role: { code: 'ceo', fa: 'مدیرعامل', en: 'managing director' }, services: null, validUntil: null };
const code = (f: () => void) => {
  try {
    f();
    return 'allowed';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

test('who may be asked about, profile by profile', () => {
  assert.equal(code(() => checkMayAsk(self, 'IR-01000001-30')), 'allowed');
  assert.equal(code(() => checkMayAsk(self, null)), 'allowed', 'a service with no catalog link, for oneself');
  assert.equal(code(() => checkMayAsk(ward, null)), 'allowed', 'a guardian asks about their ward');
  assert.equal(code(() => checkMayAsk(mandate(['IR-01000001-30']), 'IR-01000001-30')), 'allowed');
  assert.equal(code(() => checkMayAsk(mandate(['IR-01000002-20']), 'IR-01000001-30')), 'INQUIRY_NOT_IN_MANDATE');
  assert.equal(code(() => checkMayAsk(mandate(['IR-01000001-30']), null)), 'INQUIRY_NOT_IN_MANDATE', 'no catalog link: covered by no mandate');
  assert.equal(code(() => checkMayAsk(company, 'IR-01000001-30')), 'INQUIRY_NOT_FOR_LEGAL_ENTITY');
  const foreign = { ...self, subject: { ...person, identifierType: 'foreign_national' as const, identifier: '123456789012' } };
  assert.equal(code(() => checkMayAsk(foreign, null)), 'INQUIRY_NEEDS_NATIONAL_CODE');
});

test('the user is the person who acted; a legal entity is the represented party', () => {
  assert.deepEqual(onBehalfOf({ identifier: '0012345679' }, ward), { userId: 'IR0012345679' });
  assert.deepEqual(onBehalfOf({ identifier: '123456789012' }, self), { userId: 'IR123456789012' }, 'a foreign resident: IR and the FIDA number');
  assert.deepEqual(onBehalfOf({ identifier: '0012345679' }, company), { userId: 'IR0012345679', representedParty: '10101010104' });
});
