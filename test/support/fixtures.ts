import type { TestApp } from './app.ts';

export const agencyPayload = (code: string, extra: object = {}) => ({ code, nameFa: `دستگاه ${code}`, nameEn: `Agency ${code}`, kind: 'ministry', connectedOn: '2022-01-10', ...extra });

export const servicePayload = (agencyCode: string, extra: object = {}) => ({
  agencyCode,
  nameFa: 'استعلام سطح سواد',
  nameEn: 'Literacy level inquiry',
  topic: 'education',
  audiences: ['citizens'],
  maturity: 3,
  deliveryStatus: 'delivered',
  channels: ['web', 'mobile'],
  serviceType: 'G2C',
  nature: 'operational',
  serviceLevel: 'national',
  trigger: 'on_request',
  ...extra,
});

/** Registers agencies through the API as the operator. */
export async function seedAgencies(t: TestApp, operator: { authorization: string }, codes: string[]): Promise<void> {
  for (const code of codes) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: agencyPayload(code), headers: operator });
    if (res.statusCode !== 201) throw new Error(`seeding ${code}: ${res.body}`);
  }
}
