/**
 * Reference Literacy Movement Organization (سازمان نهضت سوادآموزی): the literacy-level inquiry,
 * one of the three most requested inter-agency inquiries.
 */
import { lookupByNationalCode, type AgencyContext, type ReferenceAgency } from '../shared/agency.ts';
import { errorResponses, isoDate, jsonOk, openApiDocument, ref } from '../shared/openapi.ts';
import { literacyLevels, literacyRecord } from './data.ts';

const openapi = openApiDocument({
  title: 'Literacy movement (reference) — Literacy Movement Organization',
  description: 'Literacy-level inquiry by national code.',
  paths: {
    '/literacy-level/{nationalCode}': {
      get: {
        operationId: 'getLiteracyLevel',
        summary: 'Literacy level of a person',
        parameters: [ref('parameters', 'NationalCode')],
        responses: { '200': jsonOk('The literacy level.', ref('schemas', 'LiteracyLevel')), ...errorResponses },
      },
    },
  },
  schemas: {
    LiteracyLevel: {
      type: 'object',
      required: ['nationalCode', 'level', 'certifiedOn'],
      properties: {
        nationalCode: { type: 'string' },
        level: { allOf: [ref('schemas', 'Label')], description: `One of: ${Object.keys(literacyLevels).join(', ')}.` },
        certifiedOn: { ...isoDate, nullable: true },
      },
    },
  },
});

export function literacyMovement(ctx: AgencyContext): ReferenceAgency {
  return {
    code: 'literacy-movement',
    name: { fa: 'سازمان نهضت سوادآموزی', en: 'Literacy Movement Organization' },
    openapi,
    routes: [
      {
        method: 'GET',
        path: '/literacy-level/{nationalCode}',
        handle: ({ params }) => lookupByNationalCode(params.nationalCode, (code) => literacyRecord(code, ctx.today())),
      },
    ],
  };
}
