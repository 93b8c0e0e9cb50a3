/**
 * Reference company registry of the Deeds and Properties Registration Organization (سازمان
 * ثبت اسناد و املاک کشور): a company by its 11-digit national identifier of a legal entity.
 */
import { badRequest, invalidNationalCode, lookupByNationalCode, notFound, ok, type ReferenceAgency } from '../shared/agency.ts';
import { isValidLegalId } from '../shared/legal-id.ts';
import { errorResponses, isoDate, jsonOk, openApiDocument, ref } from '../shared/openapi.ts';
import { companiesOf, companyRecord, companyStatuses, representation } from './data.ts';

const legalIdParameter = {
  name: 'legalId',
  in: 'path',
  required: true,
  description: '11 digits with a valid check digit (national identifier of a legal entity).',
  schema: { type: 'string', pattern: '^[0-9]{11}$', example: '10380284790' },
};

const openapi = openApiDocument({
  title: 'Business registry (reference) — Deeds and Properties Registration Organization',
  description: 'Company inquiry by the national identifier of a legal entity (شناسه ملی).',
  paths: {
    '/companies/{legalId}': {
      get: {
        operationId: 'getCompany',
        summary: 'Company by legal identifier',
        parameters: [legalIdParameter],
        responses: { '200': jsonOk('The company.', ref('schemas', 'Company')), ...errorResponses },
      },
    },
    // Shortest first: the exchange keeps the document as jsonb, which orders keys by length.
    '/persons/{nationalCode}/companies': {
      get: {
        operationId: 'getPersonCompanies',
        summary: 'Companies a person represents (reference only: the one they founded)',
        parameters: [ref('parameters', 'NationalCode')],
        responses: { '200': jsonOk('The companies (maybe none).', ref('schemas', 'PersonCompanies')), ...errorResponses },
      },
    },
    '/companies/{legalId}/representatives/{nationalCode}': {
      get: {
        operationId: 'getRepresentation',
        summary: 'Whether a person represents a company (reference only: for the national window\'s profiles)',
        parameters: [legalIdParameter, ref('parameters', 'NationalCode')],
        responses: { '200': jsonOk('The representation, or represents = false.', ref('schemas', 'Representation')), ...errorResponses },
      },
    },
  },
  schemas: {
    Representation: {
      type: 'object',
      required: ['legalId', 'nationalCode', 'represents', 'role', 'signatory', 'company'],
      properties: {
        legalId: { type: 'string' },
        nationalCode: { type: 'string' },
        represents: { type: 'boolean', description: 'On the board of a company that is not dissolved.' },
        role: { allOf: [ref('schemas', 'Label')], nullable: true },
        signatory: { type: 'boolean' },
        company: { type: 'object', required: ['name', 'status'], properties: { name: ref('schemas', 'Bilingual'), status: ref('schemas', 'Label') } },
      },
    },
    PersonCompanies: {
      type: 'object',
      required: ['nationalCode', 'companies'],
      properties: {
        nationalCode: { type: 'string' },
        companies: {
          type: 'array',
          items: {
            type: 'object',
            required: ['legalId', 'name', 'status', 'role', 'signatory'],
            properties: { legalId: { type: 'string' }, name: ref('schemas', 'Bilingual'), status: ref('schemas', 'Label'), role: ref('schemas', 'Label'), signatory: { type: 'boolean' } },
          },
        },
      },
    },
    Representative: {
      type: 'object',
      required: ['nationalCode', 'fullName', 'role', 'signatory'],
      properties: {
        nationalCode: { type: 'string', description: 'Masked except the last 4 digits.', example: '******1234' },
        fullName: ref('schemas', 'Bilingual'),
        role: ref('schemas', 'Label'),
        signatory: { type: 'boolean', description: 'May sign binding documents for the company.' },
      },
    },
    Company: {
      type: 'object',
      required: ['legalId', 'name', 'type', 'registrationNumber', 'registrationDate', 'registrationDatePersian', 'status', 'representatives'],
      properties: {
        legalId: { type: 'string' },
        name: ref('schemas', 'Bilingual'),
        type: ref('schemas', 'Label'),
        registrationNumber: { type: 'string' },
        registrationDate: isoDate,
        registrationDatePersian: { type: 'string' },
        status: { allOf: [ref('schemas', 'Label')], description: `One of: ${Object.values(companyStatuses).map((c) => c.code).join(', ')}.` },
        representatives: { type: 'array', items: ref('schemas', 'Representative') },
      },
    },
  },
});

export function businessRegistry(): ReferenceAgency {
  return {
    code: 'business-registry',
    name: { fa: 'سازمان ثبت اسناد و املاک کشور', en: 'Deeds and Properties Registration Organization' },
    openapi,
    routes: [
      {
        method: 'GET',
        path: '/companies/{legalId}',
        handle: ({ params }) => {
          const legalId = params.legalId ?? '';
          if (!isValidLegalId(legalId)) return badRequest('invalid_legal_id', 'The legal identifier must be 11 digits with a valid check digit.');
          const record = companyRecord(legalId);
          return record ? ok(record) : notFound('company_not_found', 'No company with this legal identifier is registered.');
        },
      },
      {
        method: 'GET',
        path: '/companies/{legalId}/representatives/{nationalCode}',
        handle: ({ params }) => {
          const legalId = params.legalId ?? '';
          if (!isValidLegalId(legalId)) return badRequest('invalid_legal_id', 'The legal identifier must be 11 digits with a valid check digit.');
          const nationalCode = params.nationalCode ?? '';
          const invalid = invalidNationalCode(nationalCode);
          if (invalid) return invalid;
          const answer = representation(legalId, nationalCode);
          return answer ? ok(answer) : notFound('company_not_found', 'No company with this legal identifier is registered.');
        },
      },
      {
        method: 'GET',
        path: '/persons/{nationalCode}/companies',
        handle: ({ params }) => lookupByNationalCode(params.nationalCode, companiesOf),
      },
    ],
  };
}
