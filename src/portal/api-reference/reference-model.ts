import { constraintsOf, fieldsOf, typeOf, type FieldRow, type JsonSchema } from './schema-fields.ts';

/**
 * The OpenAPI 3 document → the API reference page's content: operations grouped by tag (in
 * the document's tag order, then any other tag, then untagged ones), each with its method,
 * path, summary, whether it needs a staff token, parameters, request body and responses.
 * Pure and computed once per document: the page renders from this, never from the raw JSON.
 */

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface ParameterRow {
  name: string;
  /** `path`, `query`, `header` or `cookie`. */
  in: string;
  type: string;
  constraints: string[];
  required: boolean;
  description?: string;
}

export interface ContentView {
  /** Media types the operation accepts or answers, e.g. `application/json`, `text/csv`. */
  mediaTypes: string[];
  /** The type of the first described schema, or undefined when none is described. */
  type?: string;
  fields: FieldRow[];
}

export interface ResponseView extends ContentView {
  status: string;
  description?: string;
  /**
   * An earlier response on the page with exactly these fields (the agency a POST creates is the
   * one a GET reads): its fields are listed there once, and this response links to them.
   */
  sameFieldsAs?: { anchor: string; method: HttpMethod; path: string; status: string };
}

export interface OperationView {
  /** Anchor on the page, e.g. `get-api-v1-agencies-code`. */
  anchor: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  /** True when the operation is refused without a staff API token. */
  tokenRequired: boolean;
  parameters: ParameterRow[];
  requestBody?: ContentView & { required: boolean };
  responses: ResponseView[];
}

export interface TagGroup {
  /** The tag's name in the document; '' for operations without a tag. */
  name: string;
  description?: string;
  operations: OperationView[];
}

export interface ApiReference {
  title: string;
  version: string;
  openapi: string;
  description?: string;
  groups: TagGroup[];
  operationCount: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
/** Fastify's placeholder for a response without a description says nothing to a reader. */
const FASTIFY_DEFAULT_DESCRIPTION = 'Default Response';

export const anchorOf = (method: string, path: string) => `${method}-${path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function contentOf(content: unknown): ContentView {
  const media = isObject(content) ? content : {};
  const mediaTypes = Object.keys(media);
  const described = mediaTypes.map((m) => media[m]).find((m): m is { schema: JsonSchema } => isObject(m) && isObject(m.schema));
  return { mediaTypes, ...(described ? { type: typeOf(described.schema) } : {}), fields: described ? fieldsOf(described.schema) : [] };
}

function parameterOf(parameter: unknown): ParameterRow | undefined {
  if (!isObject(parameter) || typeof parameter.name !== 'string' || typeof parameter.in !== 'string') return undefined;
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  const description = text(parameter.description) ?? text(schema.description);
  // Fastify marks a query parameter with a default as required; a caller may leave it out.
  const required = parameter.required === true && !('default' in schema);
  return { name: parameter.name, in: parameter.in, type: typeOf(schema), constraints: constraintsOf(schema), required, ...(description ? { description } : {}) };
}

function operationOf(method: HttpMethod, path: string, op: Record<string, unknown>, pathParameters: unknown[], documentSecured: boolean): OperationView {
  const parameters = [...pathParameters, ...(Array.isArray(op.parameters) ? op.parameters : [])].map(parameterOf).filter((p): p is ParameterRow => p !== undefined);
  // Path parameters first, then query, then headers: the order a caller writes a request in.
  const order = ['path', 'query', 'header', 'cookie'];
  parameters.sort((a, b) => (order.indexOf(a.in) + 1 || 9) - (order.indexOf(b.in) + 1 || 9));
  const body = isObject(op.requestBody) ? op.requestBody : undefined;
  const responses = isObject(op.responses) ? op.responses : {};
  const security = Array.isArray(op.security) ? op.security.some((s) => isObject(s) && Object.keys(s).length > 0) : documentSecured;
  const summary = text(op.summary);
  const description = text(op.description);
  return {
    anchor: anchorOf(method, path),
    method,
    path,
    ...(summary ? { summary } : {}),
    ...(description ? { description } : {}),
    tokenRequired: security,
    parameters,
    ...(body ? { requestBody: { ...contentOf(body.content), required: body.required === true } } : {}),
    responses: Object.entries(responses).map(([status, response]) => {
      const r = isObject(response) ? response : {};
      const said = text(r.description);
      return { status, ...(said && said !== FASTIFY_DEFAULT_DESCRIPTION ? { description: said } : {}), ...contentOf(r.content) };
    }),
  };
}

/** Points each response whose fields were already listed, in page order, at the first listing. */
function linkRepeatedFields(groups: TagGroup[]): void {
  const first = new Map<string, NonNullable<ResponseView['sameFieldsAs']>>();
  for (const op of groups.flatMap((g) => g.operations)) {
    for (const response of op.responses) {
      if (!response.fields.length) continue;
      const key = JSON.stringify(response.fields);
      const earlier = first.get(key);
      if (earlier) response.sameFieldsAs = earlier;
      else first.set(key, { anchor: op.anchor, method: op.method, path: op.path, status: response.status });
    }
  }
}

/** Reads the document into the reference; whatever is malformed is left out rather than thrown. */
export function apiReferenceOf(document: unknown): ApiReference {
  const doc = isObject(document) ? document : {};
  const info = isObject(doc.info) ? doc.info : {};
  const declared = (Array.isArray(doc.tags) ? doc.tags : []).filter(isObject).filter((t) => typeof t.name === 'string');
  const documentSecured = Array.isArray(doc.security) && doc.security.some((s) => isObject(s) && Object.keys(s).length > 0);
  const groups = new Map<string, TagGroup>();
  for (const tag of declared) {
    const description = text(tag.description);
    groups.set(tag.name as string, { name: tag.name as string, ...(description ? { description } : {}), operations: [] });
  }
  let operationCount = 0;
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    const pathParameters = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of httpMethods) {
      const op = item[method];
      if (!isObject(op)) continue;
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : '';
      let group = groups.get(tag);
      if (!group) groups.set(tag, (group = { name: tag, operations: [] }));
      group.operations.push(operationOf(method, path, op, pathParameters, documentSecured));
      operationCount++;
    }
  }
  // Untagged operations last, and tags declared without operations left out.
  const ordered = [...groups.values()].filter((g) => g.operations.length).sort((a, b) => Number(a.name === '') - Number(b.name === ''));
  linkRepeatedFields(ordered);
  const description = text(info.description);
  return {
    title: text(info.title) ?? 'API',
    version: text(info.version) ?? '',
    openapi: text(doc.openapi) ?? '',
    ...(description ? { description } : {}),
    groups: ordered,
    operationCount,
  };
}
