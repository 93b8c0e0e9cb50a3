/**
 * Reference National Organization for Civil Registration (سازمان ثبت احوال کشور): person
 * inquiry and guardianship inquiry by national code.
 */
import { lookupByNationalCode, type AgencyContext, type ReferenceAgency } from '../shared/agency.ts';
import { errorResponses, isoDate, jsonOk, openApiDocument, ref } from '../shared/openapi.ts';
import { guardianshipRecord, personRecord } from './data.ts';

const relation = {
  type: 'object',
  required: ['nationalCode', 'fullName', 'relation', 'kind', 'until'],
  properties: {
    nationalCode: { type: 'string' },
    fullName: ref('schemas', 'Bilingual'),
    relation: ref('schemas', 'Label'),
    kind: ref('schemas', 'Label'),
    until: { ...isoDate, description: "The ward's 18th birthday." },
  },
};

const openapi = openApiDocument({
  title: 'Civil registry (reference) — National Organization for Civil Registration',
  description: 'Person and guardianship inquiries by national code.',
  paths: {
    '/persons/{nationalCode}': {
      get: {
        operationId: 'getPerson',
        summary: 'Person by national code',
        parameters: [ref('parameters', 'NationalCode')],
        responses: { '200': jsonOk('The person.', ref('schemas', 'Person')), ...errorResponses },
      },
    },
    '/persons/{nationalCode}/guardianship': {
      get: {
        operationId: 'getGuardianship',
        summary: 'Guardians of a minor and wards of a guardian',
        parameters: [ref('parameters', 'NationalCode')],
        responses: { '200': jsonOk('Guardians and wards (either list may be empty).', ref('schemas', 'Guardianship')), ...errorResponses },
      },
    },
  },
  schemas: {
    Person: {
      type: 'object',
      required: ['nationalCode', 'firstName', 'lastName', 'fatherName', 'gender', 'birthDate', 'birthDatePersian', 'alive'],
      properties: {
        nationalCode: { type: 'string' },
        firstName: ref('schemas', 'Bilingual'),
        lastName: ref('schemas', 'Bilingual'),
        fatherName: ref('schemas', 'Bilingual'),
        gender: ref('schemas', 'Label'),
        birthDate: isoDate,
        birthDatePersian: { type: 'string', example: '۱ فروردین ۱۳۶۹', description: 'Persian (Solar Hijri) calendar, in Persian.' },
        alive: { type: 'boolean' },
      },
    },
    Relation: relation,
    Guardianship: {
      type: 'object',
      required: ['nationalCode', 'guardians', 'wards'],
      properties: {
        nationalCode: { type: 'string' },
        guardians: { type: 'array', items: ref('schemas', 'Relation') },
        wards: { type: 'array', items: ref('schemas', 'Relation') },
      },
    },
  },
});

export function civilRegistry(ctx: AgencyContext): ReferenceAgency {
  return {
    code: 'civil-registry',
    name: { fa: 'سازمان ثبت احوال کشور', en: 'National Organization for Civil Registration' },
    openapi,
    routes: [
      {
        method: 'GET',
        path: '/persons/{nationalCode}',
        handle: ({ params }) => lookupByNationalCode(params.nationalCode, personRecord),
      },
      {
        method: 'GET',
        path: '/persons/{nationalCode}/guardianship',
        handle: ({ params }) => lookupByNationalCode(params.nationalCode, (code) => guardianshipRecord(code, ctx.today())),
      },
    ],
  };
}
