/**
 * What a reference agency is made of: its identity, its OpenAPI document and its routes.
 * Routes are plain functions from parsed input to a reply, so the agencies' behaviour is
 * readable without the HTTP plumbing in `http.ts`.
 */
import type { Bilingual } from './names.ts';
import type { OpenApiDocument } from './openapi.ts';
import { isValidNationalCode } from './national-code.ts';

/** What an agency may know about its surroundings; only the clock, so answers stay derivable. */
export interface AgencyContext {
  /** Today's date (ISO `YYYY-MM-DD`), from the injected clock so tests can pin it. */
  today(): string;
}

export interface Reply {
  status: number;
  body: unknown;
}

export interface RouteInput {
  /** Decoded path parameters, by the names used in the route's `path` template. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
}

export interface Route {
  method: 'GET';
  /** An OpenAPI path template, e.g. `/persons/{nationalCode}`; the same string as in the document. */
  path: string;
  handle(input: RouteInput): Reply;
}

export interface ReferenceAgency {
  /** Stable short code, also the folder name, e.g. `civil-registry`. */
  code: string;
  name: Bilingual;
  openapi: OpenApiDocument;
  routes: Route[];
}

/** The body every 4xx/5xx carries: a stable machine code and a developer-facing message. */
export interface ErrorBody {
  error: string;
  message: string;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

export const badRequest = (error: string, message: string): Reply => ({ status: 400, body: { error, message } satisfies ErrorBody });

export const notFound = (error: string, message: string): Reply => ({ status: 404, body: { error, message } satisfies ErrorBody });

/** The 400 for a malformed national code, or undefined when the code is valid. */
export function invalidNationalCode(code: string): Reply | undefined {
  if (isValidNationalCode(code)) return undefined;
  return badRequest('invalid_national_code', 'The national code must be 10 digits with a valid check digit.');
}

export const personNotFound = (): Reply => notFound('person_not_found', 'No person with this national code is known to this registry.');

/** The common shape of an inquiry by national code: 400 if malformed, 404 if `find` knows nothing. */
export function lookupByNationalCode(code: string | undefined, find: (code: string) => unknown, missing: () => Reply = personNotFound): Reply {
  const value = code ?? '';
  const invalid = invalidNationalCode(value);
  if (invalid) return invalid;
  const record = find(value);
  return record === undefined ? missing() : ok(record);
}
