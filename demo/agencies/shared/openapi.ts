/**
 * Builds the OpenAPI 3.0 document each reference agency serves at `GET /openapi.json`. The
 * shared parts (error body, bilingual label, national-code parameter) are defined once so the
 * six documents describe errors identically, as the gateway's `getOpenAPI` will expose them.
 */

export interface OpenApiDocument {
  openapi: '3.0.3';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

export interface DocumentInput {
  title: string;
  description: string;
  paths: Record<string, Record<string, unknown>>;
  schemas: Record<string, unknown>;
}

const DISCLAIMER =
  'REFERENCE IMPLEMENTATION for OneWindow demos and tests: synthetic data derived from the input, not a real agency API. ' +
  'Demo-only fault knobs on every operation: `X-Demo-Delay` header or `delayMs` query (milliseconds, capped at 10000) and `X-Demo-Fail: 500|reset`.';

export const ref = (kind: 'schemas' | 'parameters' | 'responses', name: string): { $ref: string } => ({ $ref: `#/components/${kind}/${name}` });

/** The error answers every operation can give. */
export const errorResponses = { '400': ref('responses', 'BadRequest'), '404': ref('responses', 'NotFound') };

/** A JSON 200 answer with the given schema. */
export const jsonOk = (description: string, schema: unknown): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema } },
});

/** A string schema for an ISO calendar date. */
export const isoDate = { type: 'string', format: 'date', example: '1990-03-21' };

export function openApiDocument(input: DocumentInput): OpenApiDocument {
  const errorContent = { 'application/json': { schema: ref('schemas', 'Error') } };
  return {
    openapi: '3.0.3',
    info: { title: input.title, version: '1.0.0', description: `${input.description}\n\n${DISCLAIMER}` },
    paths: input.paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string', description: 'Stable machine-readable code.' }, message: { type: 'string' } },
        },
        Bilingual: {
          type: 'object',
          required: ['fa', 'en'],
          properties: { fa: { type: 'string', description: 'Persian.' }, en: { type: 'string', description: 'English.' } },
        },
        Label: {
          type: 'object',
          required: ['code', 'fa', 'en'],
          properties: { code: { type: 'string', description: 'Stable machine-readable value.' }, fa: { type: 'string' }, en: { type: 'string' } },
        },
        ...input.schemas,
      },
      parameters: {
        NationalCode: {
          name: 'nationalCode',
          in: 'path',
          required: true,
          description: 'Iranian national code: 10 digits with a valid check digit.',
          schema: { type: 'string', pattern: '^[0-9]{10}$', example: '0076229645' },
        },
      },
      responses: {
        BadRequest: { description: 'Malformed input (e.g. a national code with a wrong check digit).', content: errorContent },
        NotFound: { description: 'Well-formed, but unknown to this agency.', content: errorContent },
      },
    },
  };
}
