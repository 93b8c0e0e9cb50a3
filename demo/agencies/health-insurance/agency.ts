/**
 * Reference Iran Health Insurance Organization (سازمان بیمه سلامت ایران): the booklet-validity
 * inquiry, one of the three most requested inter-agency inquiries.
 */
import { lookupByNationalCode, notFound, type AgencyContext, type ReferenceAgency } from '../shared/agency.ts';
import { errorResponses, isoDate, jsonOk, openApiDocument, ref } from '../shared/openapi.ts';
import { bookletValidity, insuranceFunds } from './data.ts';

const openapi = openApiDocument({
  title: 'Health insurance (reference) — Iran Health Insurance Organization',
  description: 'Health insurance booklet validity inquiry by national code.',
  paths: {
    '/booklets/{nationalCode}/validity': {
      get: {
        operationId: 'getBookletValidity',
        summary: 'Validity of a person’s health insurance booklet',
        parameters: [ref('parameters', 'NationalCode')],
        responses: { '200': jsonOk('Validity and fund.', ref('schemas', 'BookletValidity')), ...errorResponses },
      },
    },
  },
  schemas: {
    BookletValidity: {
      type: 'object',
      required: ['nationalCode', 'bookletNumber', 'valid', 'validUntil', 'validUntilPersian', 'fund'],
      properties: {
        nationalCode: { type: 'string' },
        bookletNumber: { type: 'string', pattern: '^[0-9]{10}$' },
        valid: { type: 'boolean', description: 'True when the person is alive and today is on or before validUntil.' },
        validUntil: isoDate,
        validUntilPersian: { type: 'string', description: 'validUntil in the Persian calendar, in Persian.' },
        fund: { allOf: [ref('schemas', 'Label')], description: `One of: ${insuranceFunds.map((f) => f.code).join(', ')}.` },
      },
    },
  },
});

const noBooklet = () => notFound('booklet_not_found', 'No health insurance booklet is registered for this national code.');

export function healthInsurance(ctx: AgencyContext): ReferenceAgency {
  return {
    code: 'health-insurance',
    name: { fa: 'سازمان بیمه سلامت ایران', en: 'Iran Health Insurance Organization' },
    openapi,
    routes: [
      {
        method: 'GET',
        path: '/booklets/{nationalCode}/validity',
        handle: ({ params }) => lookupByNationalCode(params.nationalCode, (code) => bookletValidity(code, ctx.today()), noBooklet),
      },
    ],
  };
}
