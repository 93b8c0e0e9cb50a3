import { errorCatalog, importIssueCodes } from '../core/errors.ts';
import { problemType } from './problem.ts';

/** Renders docs/errors.md from the error catalog; a test keeps the file in step. */
export function errorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from src/core/errors.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Every error of the JSON API is an RFC 9457 problem document (`application/problem+json`) with a stable `code`.',
    'Clients branch on `code`; `detail` is for people and may change. `requestId` matches the `X-Request-Id` response header and the server log.',
    '',
    '```json',
    '{ "type": "urn:onewindow:problem:service-not-found", "title": "No service with this identifier", "status": 404,',
    '  "detail": "No service with this identifier", "instance": "/api/v1/services/IR-01000001-XX", "code": "SERVICE_NOT_FOUND", "requestId": "…" }',
    '```',
    '',
    '| Code | HTTP status | Type | Meaning |',
    '|---|---|---|---|',
    ...Object.entries(errorCatalog).map(([code, e]) => `| \`${code}\` | ${e.status} | \`${problemType(code as keyof typeof errorCatalog)}\` | ${e.title} |`),
    '',
    '## Field errors of `VALIDATION_FAILED`',
    '',
    '`errors` lists every refused field as `{ field, code, message }`: `field` names the part and the place (`body/nameFa`, `body/inquiries/0/fa`, `querystring/q`, `params/id`); `code` is the schema keyword that failed (`required`, `minLength`, `pattern`, `enum`, …) or one of:',
    '',
    '| Field code | Meaning |',
    '|---|---|',
    '| `INVALID_CHARACTER` | The string (or object key) holds NUL (U+0000) or an unpaired UTF-16 surrogate (such as a lone `\\uD800` escape): PostgreSQL stores neither. Checked on every route — JSON bodies, form posts, query strings, path parameters — before any handler runs, so nothing is written. Import files report the same code by line. |',
    '',
    'An empty string is never a reference: a field that names another record (`parentId`, `parentCode`, `registryServiceId`, `agencyCode`, …) takes an identifier, or `null` where the reference is optional; `""` is refused (`minLength` or `pattern`). In an import file an empty cell means the field is not given.',
    '',
    'Requests refused before any route — `MALFORMED_URL`, `URL_TOO_LONG`, `MALFORMED_HTTP`, `URL_NOT_ENCODED`, `HEADERS_TOO_LARGE`, `REQUEST_TIMEOUT` — are problem documents too, with an `X-Request-Id`; after the last four the connection is closed. `CONFLICT` and `REFERENCE_NOT_FOUND` answer a write that lost a race to another where no resource code (such as `AGENCY_CODE_TAKEN`) fits.',
    '',
    '## Import report codes',
    '',
    'A bulk import with any error answers `IMPORT_INVALID` (422) and changes nothing. Its `errors` list every problem with the `line` (CSV line, header = 1; or 1-based item of a JSON array), the `field` and one of these codes — or one of the registry codes above (for example `AGENCY_NOT_FOUND`, `AGENCY_TREE_CYCLE`, `SERVICE_ID_INVALID`).',
    '',
    '| Code | Meaning |',
    '|---|---|',
    ...Object.entries(importIssueCodes).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`),
  ];
  return lines.join('\n') + '\n';
}
