/**
 * Reference National Organization for Civil Registration (سازمان ثبت احوال کشور): person
 * inquiry and guardianship inquiry by national code.
 */
import { badRequest, lookupByNationalCode, notFound, ok, type AgencyContext, type ReferenceAgency } from '../shared/agency.ts';
import { findForeignNational, isForeignId } from '../shared/foreign-nationals.ts';
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
  description: 'Person and guardianship inquiries by national code; foreign residents by their comprehensive foreign-national identifier (FIDA).',
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
    '/foreign-nationals/{foreignNationalId}': {
      get: {
        operationId: 'getForeignNational',
        summary: 'Foreign resident by comprehensive foreign-national identifier (FIDA)',
        parameters: [{ name: 'foreignNationalId', in: 'path', required: true, schema: { type: 'string', pattern: '^[1-9][0-9]{11}$' }, description: 'Twelve digits.' }],
        responses: { '200': jsonOk('The foreign resident.', ref('schemas', 'ForeignNational')), ...errorResponses },
      },
    },
  },
  schemas: {
    ForeignNational: {
      type: 'object',
      required: ['foreignNationalId', 'firstName', 'lastName', 'nationality', 'birthDate', 'alive'],
      properties: {
        foreignNationalId: { type: 'string' },
        firstName: ref('schemas', 'Bilingual'),
        lastName: ref('schemas', 'Bilingual'),
        nationality: ref('schemas', 'Label'),
        birthDate: isoDate,
        alive: { type: 'boolean' },
      },
    },
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
      {
        method: 'GET',
        path: '/foreign-nationals/{foreignNationalId}',
        handle: ({ params }) => {
          const id = params.foreignNationalId ?? '';
          if (!isForeignId(id)) return badRequest('invalid_foreign_national_id', 'The foreign-national identifier must be 12 digits, not starting with 0.');
          const found = findForeignNational(id);
          return found ? ok(found) : notFound('person_not_found', 'No foreign resident with this identifier is known to this registry.');
        },
      },
    ],
  };
}
