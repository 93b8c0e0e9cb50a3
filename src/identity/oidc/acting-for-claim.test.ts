import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ActingFor } from '../../core/profiles.ts';
import { AppError } from '../../core/errors.ts';
import { actingForClaim, liveProfile } from './acting-for-claim.ts';

const company: ActingFor = {
  profileId: '6f1c2b7e-2a7d-4c59-9a55-0d1f0c6f7a11',
  kind: 'legal_entity',
  subject: { identifierType: 'legal_id', identifier: '10101234567', nameFa: 'شرکت نمونه', nameEn: 'Sample Co' },
  role: { code: 'managing_director', fa: 'مدیرعامل', en: 'Managing director' },
  services: null,
  validUntil: null,
};
const mandate: ActingFor = {
  profileId: '0b7d5a1e-4a4f-4f5e-8c1d-7e2f9c3b6d22',
  kind: 'mandate',
  subject: { identifierType: 'national_code', identifier: '0499370899', nameFa: 'علی رضایی', nameEn: 'Ali Rezaei' },
  role: null,
  services: ['LIT-0001', 'TAX-0007'],
  validUntil: '2027-03-20T20:30:00Z',
};
const release = (nationalCode: boolean) => ({ nationalCode, reference: () => 'pairwise-ref' });

describe('the acting_for claim', () => {
  it('says "self" and nothing more for oneself', () => {
    const self: ActingFor = { ...company, profileId: null, kind: 'self', role: null };
    assert.deepEqual(actingForClaim(self, release(true)), { kind: 'self' });
  });

  it("gives a legal entity's legal id, names, role; no services or end when there are none", () => {
    assert.deepEqual(actingForClaim(company, release(false)), {
      kind: 'legal_entity',
      identifier_type: 'legal_id',
      identifier: '10101234567',
      name: 'Sample Co',
      'name#fa': 'شرکت نمونه',
      role: { code: 'managing_director', name: 'Managing director', 'name#fa': 'مدیرعامل' },
    });
  });

  it("gives a person's national code only with the national_code scope, else a pairwise reference", () => {
    const without = actingForClaim(mandate, release(false));
    assert.equal(without.identifier_type, 'pairwise');
    assert.equal(without.identifier, 'pairwise-ref');
    assert.ok(!JSON.stringify(without).includes('0499370899'));
    const withCode = actingForClaim(mandate, release(true));
    assert.equal(withCode.identifier_type, 'national_code');
    assert.equal(withCode.identifier, '0499370899');
    assert.deepEqual(withCode.services, ['LIT-0001', 'TAX-0007']);
    assert.equal(withCode.valid_until, '2027-03-20T20:30:00Z');
  });

  it('treats a profile that is gone as no profile, and anything else as an error', async () => {
    assert.equal(await liveProfile(() => Promise.reject(new AppError('PROFILE_NOT_AVAILABLE')), 'a', 'p'), undefined);
    assert.equal(await liveProfile(() => Promise.reject(new AppError('UNAUTHENTICATED')), 'a', null), undefined);
    await assert.rejects(liveProfile(() => Promise.reject(new Error('database down')), 'a', null), /database down/);
    assert.equal(await liveProfile(() => Promise.resolve(company), 'a', company.profileId), company);
  });
});
