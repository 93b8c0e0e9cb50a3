/**
 * Reference smart national ID card issuance service (run by the civil registration
 * organization): issuance follow-up by national code or by tracking number, one of the three
 * most requested inter-agency inquiries.
 */
import { badRequest, lookupByNationalCode, notFound, ok, type AgencyContext, type ReferenceAgency } from '../shared/agency.ts';
import { isValidNationalCode } from '../shared/national-code.ts';
import { errorResponses, isoDate, jsonOk, openApiDocument, ref } from '../shared/openapi.ts';
import { cardRequest, cardStatuses } from './data.ts';
import { isWellFormedTrackingNumber, nationalCodeOf } from './tracking-number.ts';

const ok200 = { '200': jsonOk('The card request and its stages.', ref('schemas', 'CardRequest')), ...errorResponses };

const openapi = openApiDocument({
  title: 'ID card issuance (reference) — smart national ID card issuance',
  description: 'Follow-up of a smart national ID card request.',
  paths: {
    '/cards/by-national-code/{nationalCode}': {
      get: { operationId: 'getCardByNationalCode', summary: 'Card request of a person', parameters: [ref('parameters', 'NationalCode')], responses: ok200 },
    },
    '/cards/by-tracking-number/{trackingNumber}': {
      get: {
        operationId: 'getCardByTrackingNumber',
        summary: 'Card request by its tracking number',
        parameters: [
          {
            name: 'trackingNumber',
            in: 'path',
            required: true,
            description: '12 digits starting with 7, the last one a Luhn check digit.',
            schema: { type: 'string', pattern: '^7[0-9]{11}$' },
          },
        ],
        responses: ok200,
      },
    },
  },
  schemas: {
    Stage: {
      type: 'object',
      required: ['status', 'date', 'datePersian'],
      properties: { status: ref('schemas', 'Label'), date: isoDate, datePersian: { type: 'string' } },
    },
    CardRequest: {
      type: 'object',
      required: ['trackingNumber', 'nationalCode', 'status', 'history'],
      properties: {
        trackingNumber: { type: 'string' },
        nationalCode: { type: 'string', description: 'Masked except the last 4 digits.', example: '******9645' },
        status: { allOf: [ref('schemas', 'Label')], description: `One of: ${cardStatuses.map((c) => c.code).join(', ')}.` },
        history: { type: 'array', items: ref('schemas', 'Stage'), description: 'Stages reached, oldest first.' },
      },
    },
  },
});

const noCard = () => notFound('card_request_not_found', 'No ID card request is registered for this national code or tracking number.');

export function idCardIssuance(ctx: AgencyContext): ReferenceAgency {
  return {
    code: 'id-card-issuance',
    name: { fa: 'صدور کارت ملی هوشمند', en: 'Smart National ID Card Issuance' },
    openapi,
    routes: [
      {
        method: 'GET',
        path: '/cards/by-national-code/{nationalCode}',
        handle: ({ params }) => lookupByNationalCode(params.nationalCode, (code) => cardRequest(code, ctx.today()), noCard),
      },
      {
        method: 'GET',
        path: '/cards/by-tracking-number/{trackingNumber}',
        handle: ({ params }) => {
          const tracking = params.trackingNumber ?? '';
          if (!isWellFormedTrackingNumber(tracking)) {
            return badRequest('invalid_tracking_number', 'The tracking number must be 12 digits starting with 7 with a valid check digit.');
          }
          // A well-formed number that decodes to no valid national code was never issued.
          const code = nationalCodeOf(tracking);
          const record = isValidNationalCode(code) ? cardRequest(code, ctx.today()) : undefined;
          return record ? ok(record) : noCard();
        },
      },
    ],
  };
}
