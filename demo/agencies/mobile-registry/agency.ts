/**
 * Reference mobile operators' ownership registry ("Shahkar", شاهکار): does this mobile number
 * belong to this national code. It answers only `match`, never whose a number is, because a
 * yes/no is all identity verification needs and anything more would leak.
 */
import { badRequest, invalidNationalCode, ok, type ReferenceAgency } from '../shared/agency.ts';
import { normalizeIranianMobile } from '../shared/mobile.ts';
import { errorResponses, jsonOk, openApiDocument, ref } from '../shared/openapi.ts';
import { isForeignId } from '../shared/foreign-nationals.ts';
import { ownsMobile } from './data.ts';

const openapi = openApiDocument({
  title: 'Mobile registry (reference) — mobile operators’ ownership registry (Shahkar)',
  description: 'Mobile-number ownership check against a national code.',
  paths: {
    '/ownership': {
      get: {
        operationId: 'checkOwnership',
        summary: 'Is this mobile number registered to this national code?',
        parameters: [
          { name: 'nationalCode', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]{10}$' }, description: 'Iranian national code with a valid check digit (or `foreignNationalId`).' },
          { name: 'foreignNationalId', in: 'query', required: false, schema: { type: 'string', pattern: '^[1-9][0-9]{11}$' }, description: 'A foreign resident’s comprehensive foreign-national identifier (FIDA), instead of `nationalCode`.' },
          {
            name: 'mobile',
            in: 'query',
            required: true,
            schema: { type: 'string', example: '09121234567' },
            description: 'Iranian mobile number: 09xxxxxxxxx, +989xxxxxxxxx (send + as %2B), 989… or 00989….',
          },
        ],
        responses: { '200': jsonOk('Whether the number belongs to the person. Unknown persons simply do not match.', ref('schemas', 'Ownership')), ...errorResponses },
      },
    },
  },
  schemas: {
    Ownership: { type: 'object', required: ['match'], properties: { match: { type: 'boolean' } } },
  },
});

export function mobileRegistry(): ReferenceAgency {
  return {
    code: 'mobile-registry',
    name: { fa: 'سامانه احراز مالکیت خط تلفن همراه (شاهکار)', en: 'Mobile Ownership Registry (Shahkar)' },
    openapi,
    routes: [
      {
        method: 'GET',
        path: '/ownership',
        handle: ({ query }) => {
          const nationalCode = query.get('nationalCode');
          const foreignId = query.get('foreignNationalId');
          const rawMobile = query.get('mobile');
          if ((nationalCode === null) === (foreignId === null) || rawMobile === null) {
            return badRequest('missing_parameter', 'The mobile and either nationalCode or foreignNationalId query parameters are required.');
          }
          if (foreignId !== null && !isForeignId(foreignId)) return badRequest('invalid_foreign_national_id', 'The foreign-national identifier must be 12 digits, not starting with 0.');
          const invalid = nationalCode === null ? undefined : invalidNationalCode(nationalCode);
          if (invalid) return invalid;
          const mobile = normalizeIranianMobile(rawMobile);
          if (!mobile) return badRequest('invalid_mobile', 'The mobile number must be an Iranian mobile number such as 09121234567 or +989121234567.');
          return ok({ match: ownsMobile(nationalCode ?? foreignId!, mobile) });
        },
      },
    ],
  };
}
