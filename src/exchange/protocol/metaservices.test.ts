import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  govstackClientList,
  govstackServiceList,
  selectAllowedMethods,
  selectClients,
  selectMethods,
  xroadClientList,
  xroadServiceList,
  wantsXml,
  wireEndpointPath,
  xroadClientListXml,
  type DirectoryMember,
  type DirectoryService,
} from './metaservices.ts';

const members: DirectoryMember[] = [
  { instance: 'IR', memberClass: 'GOV', memberCode: '1001', name: 'National Organization for Civil Registration', subsystems: [{ code: 'CIVREG', name: 'Civil registry' }, { code: 'ARCHIVE' }] },
  { instance: 'IR', memberClass: 'GOV', memberCode: '1002', name: 'Literacy Movement Organization', subsystems: [] },
  { instance: 'XX', memberClass: 'COM', memberCode: '9', name: 'Elsewhere', subsystems: [{ code: 'S' }] },
];

const civreg = { instance: 'IR', memberClass: 'GOV', memberCode: '1001', subsystemCode: 'CIVREG' };
const services: DirectoryService[] = [
  {
    provider: civreg,
    code: 'person',
    version: 'v1',
    type: 'OPENAPI',
    endpoints: [
      { method: 'GET', path: '/persons/{nationalCode}' },
      { method: 'GET', path: '/persons/{nationalCode}/guardians' },
      { method: 'POST', path: '/persons/search' },
    ],
  },
  { provider: civreg, code: 'legacy', type: 'REST', endpoints: [{ method: '*', path: '/**' }] },
  // never listed, even if someone registered it
  { provider: civreg, code: 'listMethods', type: 'REST', endpoints: [] },
  { provider: { ...civreg, subsystemCode: 'ARCHIVE' }, code: 'other', type: 'REST', endpoints: [] },
];

test('listClients in the X-Road shape', () => {
  assert.deepEqual(xroadClientList(selectClients(members, 'IR')), {
    member: [
      { id: { member_class: 'GOV', member_code: '1001', object_type: 'MEMBER', xroad_instance: 'IR' }, name: 'National Organization for Civil Registration' },
      {
        id: { member_class: 'GOV', member_code: '1001', subsystem_code: 'CIVREG', object_type: 'SUBSYSTEM', xroad_instance: 'IR' },
        name: 'National Organization for Civil Registration',
        subsystem_name: 'Civil registry',
      },
      { id: { member_class: 'GOV', member_code: '1001', subsystem_code: 'ARCHIVE', object_type: 'SUBSYSTEM', xroad_instance: 'IR' }, name: 'National Organization for Civil Registration' },
      { id: { member_class: 'GOV', member_code: '1002', object_type: 'MEMBER', xroad_instance: 'IR' }, name: 'Literacy Movement Organization' },
    ],
  });
  assert.equal(selectClients(members).length, 6, 'no instance filter lists every instance');
  assert.deepEqual(selectClients(members, 'ZZ'), []);
});

test('listClients in the GovStack shape', () => {
  assert.deepEqual(govstackClientList(selectClients(members, 'XX')), {
    member: [
      { name: 'Elsewhere', id: { objectType: 'MEMBER', instanceId: 'XX', memberClass: 'COM', memberCode: '9' } },
      { name: 'Elsewhere', id: { objectType: 'APPLICATION', instanceId: 'XX', memberClass: 'COM', memberCode: '9', applicationCode: 'S' } },
    ],
  });
});

test('listMethods in the X-Road shape lists the provider subsystem only and never a metaservice', () => {
  assert.deepEqual(xroadServiceList(selectMethods(services, civreg)), {
    service: [
      {
        member_class: 'GOV',
        member_code: '1001',
        object_type: 'SERVICE',
        service_code: 'person',
        service_type: 'OPENAPI',
        subsystem_code: 'CIVREG',
        xroad_instance: 'IR',
        endpoint_list: [
          { method: 'GET', path: '/persons/*' },
          { method: 'GET', path: '/persons/*/guardians' },
          { method: 'POST', path: '/persons/search' },
        ],
      },
      {
        member_class: 'GOV',
        member_code: '1001',
        object_type: 'SERVICE',
        service_code: 'legacy',
        service_type: 'REST',
        subsystem_code: 'CIVREG',
        xroad_instance: 'IR',
        endpoint_list: [{ method: '*', path: '**' }],
      },
    ],
  });
  assert.deepEqual(selectMethods(services, civreg, 'legacy').map((s) => s.code), ['legacy']);
  assert.deepEqual(selectMethods(services, { instance: 'IR', memberClass: 'GOV', memberCode: '1001' }), [], 'a member is not a provider subsystem');
});

test('listMethods in the GovStack shape', () => {
  assert.deepEqual(govstackServiceList(selectMethods(services, civreg, 'person')), {
    member: [
      {
        objectType: 'SERVICE',
        serviceType: 'OPENAPI',
        instanceId: 'IR',
        memberClass: 'GOV',
        memberCode: '1001',
        applicationCode: 'CIVREG',
        serviceCode: 'person',
        serviceVersion: 'v1',
        endpointList: {
          member: [
            { method: 'GET', path: '/persons/*' },
            { method: 'GET', path: '/persons/*/guardians' },
            { method: 'POST', path: '/persons/search' },
          ],
        },
      },
    ],
  });
});

test('endpoint paths on the wire: OpenAPI template parameters become X-Road wildcards', () => {
  assert.equal(wireEndpointPath('/persons/{nationalCode}/guardians'), '/persons/*/guardians');
  assert.equal(wireEndpointPath('/files/{name}.pdf'), '/files/*.pdf');
  assert.equal(wireEndpointPath('/**'), '**', 'the whole service is X-Road’s any path');
});

test('allowedMethods lists only granted services and, for partial grants, the endpoints they cover', () => {
  const allowed = selectAllowedMethods(services, civreg, [
    { serviceCode: 'person', endpoints: [{ method: 'GET', path: '/persons/*' }] },
    { serviceCode: 'legacy', endpoints: [{ method: 'GET', path: '/status' }] },
    { serviceCode: 'listMethods' },
    { serviceCode: 'unknown' },
  ]);
  assert.deepEqual(xroadServiceList(allowed).service.map((s) => [s.service_code, s.endpoint_list]), [
    ['person', [{ method: 'GET', path: '/persons/*' }]],
    // narrower than anything declared, so the grant itself is shown
    ['legacy', [{ method: 'GET', path: '/status' }]],
  ]);
  const whole = selectAllowedMethods(services, civreg, [{ serviceCode: 'person' }, { serviceCode: 'person', endpoints: [{ method: 'POST', path: '/persons/search' }] }]);
  assert.equal(whole[0]?.endpoints.length, 3, 'a whole-service grant shows every endpoint');
  assert.deepEqual(selectAllowedMethods(services, civreg, []), []);
});

test('wantsXml: XML only for an explicit XML type without a JSON one', () => {
  for (const a of ['text/xml', 'application/xml', 'text/xml; charset=utf-8', 'text/*', 'TEXT/XML', 'application/xml, */*;q=0.1']) assert.equal(wantsXml(a), true, a);
  for (const a of [undefined, '', '*/*', 'application/json', 'application/problem+json', 'text/xml, application/json', 'application/*', 'text/html']) assert.equal(wantsXml(a), false, String(a));
});

test('the listClients XML escapes names and omits what is absent', () => {
  const out = xroadClientListXml(selectClients([{ instance: 'IR', memberClass: 'GOV', memberCode: '1', name: 'A & <B> "C"', subsystems: [{ code: 'S' }] }]));
  assert.ok(out.includes('<ns2:name>A &amp; &lt;B&gt; &quot;C&quot;</ns2:name>'), out);
  assert.ok(out.includes('<ns2:id ns1:objectType="MEMBER"><ns1:xRoadInstance>IR</ns1:xRoadInstance><ns1:memberClass>GOV</ns1:memberClass><ns1:memberCode>1</ns1:memberCode></ns2:id>'), out);
  assert.ok(!out.includes('subsystemName'), 'no subsystem name element when the subsystem has none');
  assert.ok(out.endsWith('</ns2:clientList>'));
  assert.equal(xroadClientListXml([]).endsWith('xmlns:ns2="http://x-road.eu/xsd/xroad.xsd"></ns2:clientList>'), true);
});
