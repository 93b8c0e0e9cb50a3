import type { EndpointPattern } from './protocol/endpoints.ts';

/**
 * The endpoints of a service, taken from its OpenAPI 3.x document: one `{method, path}` per
 * operation, paths relative to the service's upstream base URL, as X-Road derives the
 * endpoints of an OpenAPI service description. Pure: the document is a parsed JSON value, and a
 * bad one is refused with a reason rather than an exception.
 */
export type OpenApiProblem =
  | 'not_an_object'
  | 'swagger_2'
  | 'not_openapi_3'
  | 'no_paths'
  | 'bad_path'
  | 'bad_path_item'
  | 'unresolved_ref'
  | 'no_operations'
  | 'too_many_operations';

export interface OpenApiError {
  reason: OpenApiProblem;
  message: string;
  /** The path template the problem is in, when there is one. */
  path?: string;
}

export type OpenApiResult = { ok: true; value: EndpointPattern[] } | { ok: false; error: OpenApiError };

export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export const MAX_OPERATIONS = 2000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (reason: OpenApiProblem, message: string, path?: string): OpenApiResult => ({ ok: false, error: path === undefined ? { reason, message } : { reason, message, path } });

/** A segment that is exactly one template parameter, `{name}`. */
const WHOLE_PARAM = /^\{[^{}/]+\}$/;
/** Literal text and `{name}` parameters, braces balanced and never nested. */
const TEMPLATED_SEGMENT = /^(?:[^{}]|\{[^{}/]+\})*$/;

/**
 * The endpoint pattern of an OpenAPI path template. A segment that is a whole parameter stays
 * `{name}` (matches one segment); a parameter inside a segment (`{file}.pdf`) becomes `*`, since
 * the matcher's `{…}` form stands only for a whole segment. Undefined when the template is bad.
 */
export function templateToPattern(template: string): string | undefined {
  if (!template.startsWith('/')) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\x00-\x20\x7f?#%\\]/.test(template)) return undefined;
  const segments = template.split('/').slice(1);
  const out: string[] = [];
  for (const [i, segment] of segments.entries()) {
    if (segment === '.' || segment === '..' || segment.includes('*')) return undefined;
    if (segment === '' && i !== segments.length - 1) return undefined;
    if (!TEMPLATED_SEGMENT.test(segment)) return undefined;
    out.push(WHOLE_PARAM.test(segment) ? segment : segment.replace(/\{[^{}/]+\}/g, '*'));
  }
  return '/' + out.join('/');
}

export function openApiEndpoints(document: unknown): OpenApiResult {
  if (!isObject(document)) return fail('not_an_object', 'The OpenAPI document must be a JSON object');
  if ('swagger' in document) return fail('swagger_2', 'Swagger 2.0 documents are not supported; convert the document to OpenAPI 3');
  if (typeof document.openapi !== 'string' || !/^3\.\d+(\.\d+)?$/.test(document.openapi)) return fail('not_openapi_3', 'The document must declare `openapi: 3.x`');
  if (!isObject(document.paths)) return fail('no_paths', 'The document has no `paths` object');

  const endpoints: EndpointPattern[] = [];
  const seen = new Set<string>();
  for (const [template, item] of Object.entries(document.paths)) {
    const path = templateToPattern(template);
    if (path === undefined) return fail('bad_path', `The path ${JSON.stringify(template.slice(0, 200))} is not a valid OpenAPI path template`, template);
    if (!isObject(item)) return fail('bad_path_item', `The path item of ${template} is not an object`, template);
    const operations = OPENAPI_METHODS.filter((m) => m in item);
    if (!operations.length && typeof item.$ref === 'string') return fail('unresolved_ref', `The path item of ${template} is a $ref; upload a document with its path items inline`, template);
    for (const method of operations) {
      if (!isObject(item[method])) return fail('bad_path_item', `The ${method} operation of ${template} is not an object`, template);
      const key = `${method.toUpperCase()} ${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      endpoints.push({ method: method.toUpperCase(), path });
      if (endpoints.length > MAX_OPERATIONS) return fail('too_many_operations', `The document has more than ${MAX_OPERATIONS} operations`);
    }
  }
  if (!endpoints.length) return fail('no_operations', 'The document describes no operation');
  return { ok: true, value: endpoints };
}
