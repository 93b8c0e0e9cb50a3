import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../core/errors.ts';
import { servicePatchOf, serviceRuleErrors, type ServiceForm } from './service-form.ts';
import { agencyPatchOf, agencyRuleErrors, type AgencyForm } from './agency-form.ts';

const serviceForm = (extra: Partial<ServiceForm> = {}): ServiceForm => ({
  nameFa: 'استعلام',
  nameEn: 'Inquiry',
  descriptionFa: '',
  descriptionEn: '',
  topic: 'education',
  audiences: ['citizens'],
  maturity: '3',
  deliveryStatus: 'delivered',
  channels: ['web'],
  feeAmount: '',
  slaDays: '',
  accessUrl: '',
  inPersonVisits: '0',
  complaintChannel: '',
  version: '4',
  ...extra,
});

const agencyForm = (extra: Partial<AgencyForm> = {}): AgencyForm => ({
  nameFa: 'وزارت',
  nameEn: 'Ministry',
  kind: 'ministry',
  parentCode: '',
  eligible: 'true',
  connectedOn: '',
  contactEmail: '',
  contactPhone: '',
  website: '',
  version: '1',
  ...extra,
});

test('a service form becomes a ServicePatch: empty optional fields are null, version kept', () => {
  const parsed = servicePatchOf(serviceForm({ feeAmount: '۰', slaDays: '', accessUrl: ' https://x.example/a ', audiences: ['citizens', 'citizens'] }));
  assert.ok(parsed.ok);
  assert.equal(parsed.patch.feeAmount, 0);
  assert.equal(parsed.patch.slaDays, null);
  assert.equal(parsed.patch.accessUrl, 'https://x.example/a');
  assert.equal(parsed.patch.complaintChannel, null);
  assert.deepEqual(parsed.patch.audiences, ['citizens']);
  assert.equal(parsed.patch.maturity, 3);
  assert.equal(parsed.patch.version, 4);
});

test('each bad field gets one message, named by the field', () => {
  const parsed = servicePatchOf(serviceForm({ nameFa: '  ', nameEn: 'x'.repeat(301), slaDays: 'ten', feeAmount: '-5', inPersonVisits: '', maturity: '9', topic: 'nope', channels: ['fax'], accessUrl: 'javascript:alert(1)' }));
  assert.ok(!parsed.ok);
  assert.deepEqual(parsed.errors, {
    nameFa: { key: 'staff.error.required' },
    nameEn: { key: 'staff.error.tooLong', params: { max: 300 } },
    slaDays: { key: 'staff.error.wholeNumber' },
    feeAmount: { key: 'staff.error.wholeNumber' },
    inPersonVisits: { key: 'staff.error.wholeNumber' },
    maturity: { key: 'staff.error.choose' },
    topic: { key: 'staff.error.choose' },
    channels: { key: 'staff.error.choose' },
    accessUrl: { key: 'staff.error.url' },
  });
  const range = servicePatchOf(serviceForm({ slaDays: '4000', inPersonVisits: '101' }));
  assert.ok(!range.ok);
  assert.deepEqual(range.errors.slaDays, { key: 'staff.error.range', params: { min: 0, max: 3650 } });
});

test("the registry's maturity rule is shown on the maturity field, with the form's other mistakes", () => {
  const parsed = servicePatchOf(serviceForm({ maturity: '1', deliveryStatus: 'delivered', slaDays: 'x' }));
  assert.ok(!parsed.ok);
  assert.deepEqual(parsed.errors, { maturity: { key: 'staff.error.maturityInconsistent' }, slaDays: { key: 'staff.error.wholeNumber' } });
  assert.ok(servicePatchOf(serviceForm({ maturity: '1', deliveryStatus: 'listed' })).ok);
  const error = new AppError('SERVICE_MATURITY_INCONSISTENT', { extensions: { errors: [{ field: 'maturity', code: 'SERVICE_MATURITY_INCONSISTENT', message: '…' }] } });
  assert.deepEqual(serviceRuleErrors(error), { maturity: { key: 'staff.error.maturityInconsistent' } });
  assert.deepEqual(serviceRuleErrors(new AppError('INTERNAL')), {}, 'nothing to place: the caller rethrows');
});

test('an agency form becomes an AgencyPatch; codes are upper-cased, an unticked box is false', () => {
  const parsed = agencyPatchOf(agencyForm({ parentCode: 'moi', eligible: '', connectedOn: '۲۰۲۱-۰۳-۲۱' }));
  assert.ok(parsed.ok);
  assert.equal(parsed.patch.parentCode, 'MOI');
  assert.equal(parsed.patch.eligible, false);
  assert.equal(parsed.patch.connectedOn, '2021-03-21');
  assert.equal(parsed.patch.website, null);
  const bad = agencyPatchOf(agencyForm({ kind: 'club', parentCode: 'a b', connectedOn: '21/03/2021', contactEmail: 'no', contactPhone: 'call me', website: 'ftp://x' }));
  assert.ok(!bad.ok);
  assert.deepEqual(Object.keys(bad.errors).sort(), ['connectedOn', 'contactEmail', 'contactPhone', 'kind', 'parentCode', 'website']);
  assert.equal(bad.errors.connectedOn!.key, 'staff.error.date');
  const cycle = new AppError('AGENCY_TREE_CYCLE', { extensions: { errors: [{ field: 'parentCode', code: 'AGENCY_TREE_CYCLE' }] } });
  assert.deepEqual(agencyRuleErrors(cycle), { parentCode: { key: 'staff.error.parentCycle' } });
  const future = new AppError('VALIDATION_FAILED', { extensions: { errors: [{ field: 'connectedOn', code: 'VALIDATION_FAILED' }] } });
  assert.deepEqual(agencyRuleErrors(future), { connectedOn: { key: 'staff.error.futureDate' } });
});
