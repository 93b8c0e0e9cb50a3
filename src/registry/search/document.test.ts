import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSearchDocument } from './document.ts';
import type { Service } from '../model.ts';

const service: Service = {
  id: 'IR-01000001-22', agencyCode: 'NOCR', parentId: null, externalCode: '12345678901',
  nameFa: 'صدور کارت ملی', nameEn: 'National ID card', descriptionFa: 'شرح', descriptionEn: 'About',
  topic: 'identity', audiences: ['citizens'], lifeEvents: ['birth'], maturity: 3, deliveryStatus: 'delivered',
  channels: ['web'], feeAmount: 0, slaDays: null, requiredEvidence: [], inquiries: [], serviceType: 'G2C',
  nature: 'sovereign', serviceLevel: 'national', trigger: 'on_request', inPersonVisits: 0, avgProcessingDays: null,
  accessUrl: null, annualUsers: 999, complaintChannel: null, status: 'active', retiredAt: null, version: 1,
  createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
};

test('a service becomes a search document with its agency names and a log boost', () => {
  const d = toSearchDocument(service, { nameFa: 'ثبت احوال', nameEn: 'Civil registration' });
  assert.equal(d.id, service.id);
  assert.equal(d.fields.serviceId, service.id);
  assert.equal(d.fields.agencyNameEn, 'Civil registration');
  assert.deepEqual(d.facets, { agency: 'NOCR', topic: 'identity', audience: ['citizens'], lifeEvent: ['birth'], maturity: '3', delivery: 'delivered' });
  assert.equal(d.boost, Math.log(1000));
  assert.equal(toSearchDocument({ ...service, annualUsers: null }, { nameFa: '', nameEn: '' }).boost, 0);
});
