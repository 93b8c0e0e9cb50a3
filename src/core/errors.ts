/**
 * One error base for the whole product. Every error a caller can see has a stable `code`
 * listed here; `docs/errors.md` is generated from this table and a test fails when it drifts.
 * The public message is safe to show; `detail` is for logs only and never leaves the server.
 */
export const errorCatalog = {
  // generic request problems
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_REQUEST: { status: 400, title: 'The request body could not be read' },
  BODY_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request content type is not supported' },
  NOT_FOUND: { status: 404, title: 'No such resource' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  NOT_READY: { status: 503, title: 'The service is not ready' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'The database cannot be reached right now; try again in a few seconds' },
  // authentication and authorization
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  INVALID_TOKEN: { status: 401, title: 'The access token is not valid' },
  FORBIDDEN: { status: 403, title: 'You are not allowed to do this' },
  FORBIDDEN_OTHER_AGENCY: { status: 403, title: 'You may act only on your own agency' },
  // registry
  AGENCY_NOT_FOUND: { status: 404, title: 'No agency with this code' },
  AGENCY_CODE_TAKEN: { status: 409, title: 'An agency with this code already exists' },
  AGENCY_PARENT_NOT_FOUND: { status: 422, title: 'The parent agency does not exist' },
  AGENCY_TREE_CYCLE: { status: 422, title: 'The parent would make the agency its own ancestor' },
  AGENCY_HAS_SERVICES: { status: 409, title: 'The agency still has active services' },
  SERVICE_ID_INVALID: { status: 400, title: 'The service identifier is malformed or its check digits are wrong' },
  SERVICE_NOT_FOUND: { status: 404, title: 'No service with this identifier' },
  SERVICE_RETIRED: { status: 409, title: 'The service is retired and cannot be changed' },
  SERVICE_PARENT_NOT_FOUND: { status: 422, title: 'The parent service does not exist' },
  SERVICE_PARENT_OTHER_AGENCY: { status: 422, title: 'A sub-service must belong to the agency of its parent service' },
  SERVICE_TREE_CYCLE: { status: 422, title: 'The parent would make the service its own ancestor' },
  SERVICE_MATURITY_INCONSISTENT: { status: 422, title: 'The maturity level does not match the delivery status' },
  VERSION_CONFLICT: { status: 409, title: 'The record was changed by someone else; reload and try again' },
  // bulk import
  IMPORT_INVALID: { status: 422, title: 'The import file has errors; nothing was changed' },
  // staff
  STAFF_NOT_FOUND: { status: 404, title: 'No staff account with this id' },
  STAFF_PERSON_NOT_FOUND: { status: 404, title: 'No registered person has this identifier; they register on the portal first' },
  STAFF_PERSON_TAKEN: { status: 409, title: "This person's account is already linked to another staff member" },
  // exchange configuration: members, subsystems, credentials, services, access requests
  EXCHANGE_IDENTIFIER_INVALID: { status: 400, title: "An exchange identifier may hold only A-Z a-z 0-9 ' ( ) + , - . = ? (at most 255 characters, not . or ..)" },
  EXCHANGE_MEMBER_NOT_FOUND: { status: 404, title: 'The agency is not a member of the exchange' },
  EXCHANGE_MEMBER_EXISTS: { status: 409, title: 'The agency is already a member of the exchange' },
  EXCHANGE_MEMBER_ID_TAKEN: { status: 409, title: 'Another member has this member class and member code' },
  EXCHANGE_SUBSYSTEM_NOT_FOUND: { status: 404, title: 'No subsystem with this id' },
  EXCHANGE_SUBSYSTEM_CODE_TAKEN: { status: 409, title: 'The member already has a subsystem with this code' },
  EXCHANGE_CREDENTIAL_NOT_FOUND: { status: 404, title: 'No client credential with this id' },
  EXCHANGE_CREDENTIAL_INVALID: { status: 400, title: 'The certificate or key is not a usable public client credential' },
  EXCHANGE_CREDENTIAL_TAKEN: { status: 409, title: 'This certificate or key is already registered (revoked ones included)' },
  EXCHANGE_CREDENTIAL_REVOKED: { status: 409, title: 'The credential is already revoked' },
  EXCHANGE_SHARED_SECRETS_DISABLED: { status: 403, title: 'Shared secrets are not accepted in this deployment' },
  EXCHANGE_SERVICE_NOT_FOUND: { status: 404, title: 'No exchange service with this id' },
  EXCHANGE_SERVICE_CODE_TAKEN: { status: 409, title: 'The subsystem already provides a service with this code' },
  EXCHANGE_UPSTREAM_URL_INVALID: { status: 400, title: 'The upstream URL must be http or https, without credentials, query or fragment' },
  EXCHANGE_UPSTREAM_NOT_REGISTERED: { status: 422, title: 'The upstream URL is not inside an address the operator registered for this member' },
  EXCHANGE_UPSTREAM_ADDRESS_INTERNAL: { status: 422, title: "The upstream address is loopback, private, link-local or this window's own, and the operator has not allowed that exact address for this member" },
  EXCHANGE_UPSTREAM_REGISTRATION_NOT_FOUND: { status: 404, title: 'No such upstream address registration for this member' },
  EXCHANGE_UPSTREAM_REGISTRATION_EXISTS: { status: 409, title: 'The member already has this upstream address registered' },
  EXCHANGE_UPSTREAM_REGISTRATION_OVERLAPS: { status: 409, title: "The address overlaps one registered for another member: one agency's backend cannot be registered for another" },
  EXCHANGE_UPSTREAM_REGISTRATION_REVOKED: { status: 409, title: 'The upstream address registration is already revoked' },
  EXCHANGE_OPENAPI_INVALID: { status: 400, title: 'The OpenAPI document cannot be used' },
  EXCHANGE_OPENAPI_NOT_FOUND: { status: 404, title: 'The service has no OpenAPI document' },
  EXCHANGE_SERVICE_ENDPOINTS_INVALID: { status: 422, title: 'Give the service either an OpenAPI document or explicit endpoints' },
  EXCHANGE_DATA_SUBJECT_INVALID: { status: 422, title: "The data subject location does not fit the service's endpoints" },
  EXCHANGE_REGISTRY_SERVICE_NOT_FOUND: { status: 422, title: 'No catalog service with this identifier' },
  EXCHANGE_REQUEST_NOT_FOUND: { status: 404, title: 'No access request with this id' },
  EXCHANGE_REQUEST_ENDPOINT_NOT_IN_SERVICE: { status: 422, title: 'A requested endpoint is not an endpoint of the service' },
  EXCHANGE_REQUEST_DUPLICATE: { status: 409, title: 'The subsystem already has an open request or a right for this service' },
  EXCHANGE_REQUEST_TRANSITION_INVALID: { status: 409, title: 'The access request is not in a state that allows this' },
  EXCHANGE_REQUEST_CLOSED: { status: 409, title: 'The access request was refused, withdrawn or revoked; it takes no quota' },
  EXCHANGE_REQUEST_AWAITS_BOARD: { status: 409, title: 'The provider has approved; the interoperability board (the operator) approves next' },
  // exchange: who accessed my data
  NATIONAL_CODE_INVALID: { status: 400, title: 'The national code is malformed or its check digit is wrong' },
  // identity: one-time codes
  ONE_TIME_CODE_INVALID: { status: 422, title: 'The one-time code is not the one we sent; check it and try again' },
  ONE_TIME_CODE_EXPIRED: { status: 422, title: 'The one-time code has expired, was used or was tried too often; ask for a new one' },
  ONE_TIME_CODE_TOO_MANY: { status: 429, title: 'Too many codes were sent for this in the last hour; try again later' },
  // identity: registration
  REGISTRATION_IDENTIFIER_INVALID: { status: 422, title: 'The identifier is not valid: check its digits (a national code has ten, the last a check digit)' },
  REGISTRATION_BIRTH_DATE_INVALID: { status: 422, title: 'The birth date is not a real day in the past' },
  REGISTRATION_MOBILE_INVALID: { status: 422, title: 'The mobile number is not an Iranian mobile number such as 09121234567' },
  REGISTRATION_NOT_MATCHED: { status: 422, title: 'The details do not match the civil registry' },
  REGISTRATION_MOBILE_NOT_OWNED: { status: 422, title: 'This mobile number is not registered to you at the mobile operators' },
  REGISTRATION_ACCOUNT_EXISTS: { status: 409, title: 'There is already an account for this identifier; sign in instead' },
  REGISTRATION_EXPIRED: { status: 410, title: 'This registration has expired or was completed; start again' },
  REGISTRATION_FORM_FORGED: { status: 403, title: 'The form did not come from this site, or was open too long; load it again' },
  REGISTRY_UNAVAILABLE: { status: 503, title: 'The civil registry or the mobile registry cannot be reached right now; try again in a few minutes' },
  // identity: sign-in and credentials
  SIGN_IN_FAILED: { status: 401, title: 'The identifier or the password is not right' },
  SIGN_IN_LOCKED: { status: 429, title: 'Too many failed sign-ins to this account; wait, or sign in with a code sent to the mobile' },
  SIGN_IN_THROTTLED: { status: 429, title: 'Too many sign-in attempts from this address; try again later' },
  SIGN_IN_IDENTIFIER_INVALID: { status: 422, title: 'The identifier is not a valid national code or foreign national identifier' },
  SECOND_FACTOR_INVALID: { status: 422, title: 'The authenticator code or recovery code is not right, or was already used' },
  PASSWORD_TOO_SHORT: { status: 422, title: 'The password is shorter than 15 characters' },
  PASSWORD_TOO_LONG: { status: 422, title: 'The password is longer than 128 characters' },
  PASSWORD_NOT_PRINTABLE: { status: 422, title: 'The password holds characters that cannot be typed (control characters)' },
  PASSWORD_COMMON: { status: 422, title: 'The password is commonly used or easy to guess' },
  PASSWORD_CONTEXT: { status: 422, title: 'The password is mostly the identifier, a name or the name of this site' },
  PASSWORD_CURRENT_WRONG: { status: 422, title: 'The current password is not right' },
  PASSWORD_MISMATCH: { status: 422, title: 'The two new passwords are not the same' },
  REAUTHENTICATION_REQUIRED: { status: 403, title: 'Sign in again with a code to your mobile to make this change' },
  TOTP_ALREADY_ENABLED: { status: 409, title: 'An authenticator app is already set up; turn it off first' },
  TOTP_NOT_ENABLED: { status: 409, title: 'No authenticator app is set up' },
  TOTP_CODE_INVALID: { status: 422, title: 'The authenticator code is not right; check the time on the phone and try again' },
  SIGN_IN_APPROVAL_DENIED: { status: 403, title: 'The sign-in was refused on the signed-in device, or the wrong number was picked' },
  SIGN_IN_APPROVAL_EXPIRED: { status: 410, title: 'The sign-in request has expired, was used or does not exist; start again' },
  // identity: OpenID Connect clients
  OIDC_CLIENT_NOT_FOUND: { status: 404, title: 'No OpenID Connect client with this id' },
  OIDC_CLIENT_ID_TAKEN: { status: 409, title: 'A client with this id already exists' },
  OIDC_CLIENT_INVALID: { status: 422, title: 'The client registration is not valid' },
  OIDC_CLIENT_FIRST_PARTY_OPERATOR_ONLY: { status: 403, title: 'Only the operator marks a client first-party (no consent page)' },
  // identity: profiles — who a person acts for (Identity II)
  PROFILE_NOT_AVAILABLE: { status: 403, title: 'This profile is not yours, or it is no longer valid (a mandate revoked or ended, a guardianship ended, a representation no longer confirmed)' },
  LEGAL_ID_INVALID: { status: 422, title: 'The legal identifier is not valid: it has eleven digits, the last a check digit' },
  LEGAL_ENTITY_NOT_REPRESENTED: { status: 422, title: 'The business registry does not list you as a representative of this legal entity, or the entity is dissolved' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'The X-CSRF-Token header is missing or is not the token of this session' },
  // identity: mandates (Identity II)
  MANDATE_GRANTEE_INVALID: { status: 422, title: 'The national code of the person receiving the mandate is not valid (ten digits, the last a check digit)' },
  MANDATE_TO_SELF: { status: 422, title: 'A mandate is given to someone else, not to oneself' },
  MANDATE_GRANTEE_UNKNOWN: { status: 422, title: 'The civil registry knows no living person with this national code' },
  MANDATE_DATES_INVALID: { status: 422, title: 'The dates are not real days, the start is in the past, or the end is before the start' },
  MANDATE_TOO_LONG: { status: 422, title: 'The mandate is longer than the longest allowed' },
  MANDATE_SERVICES_REQUIRED: { status: 422, title: 'Choose at least one service the mandate covers (at most 20)' },
  MANDATE_SERVICE_NOT_FOUND: { status: 422, title: 'A chosen service is not in the service catalog' },
  MANDATE_TOO_MANY: { status: 422, title: 'You have given as many mandates as one person may hold at once; revoke one first' },
  MANDATE_NOT_FOUND: { status: 404, title: 'No mandate with this id was given by you' },
  // identity: the citizen's inquiries and who accessed their data (Identity II)
  INQUIRY_UNAVAILABLE: { status: 503, title: 'The agency that answers this inquiry cannot be reached right now (or the inquiry is not set up); try again in a few minutes' },
  INQUIRY_NOT_FOR_LEGAL_ENTITY: { status: 422, title: 'These inquiries are about a person; switch to yourself, a ward or a person who gave you a mandate' },
  INQUIRY_NEEDS_NATIONAL_CODE: { status: 422, title: 'The agencies answer this inquiry by national code only, and this person has none (a foreign resident)' },
  INQUIRY_NOT_IN_MANDATE: { status: 403, title: 'The mandate you act under does not cover this inquiry' },
  // requests refused below the routes: concurrent writes, and what Node's HTTP parser refuses
  CONFLICT: { status: 409, title: 'The change collided with another made at the same moment; reload and try again' },
  REFERENCE_NOT_FOUND: { status: 422, title: 'A record the change refers to does not exist, or was removed at the same moment' },
  MALFORMED_URL: { status: 400, title: 'The address is not well-formed (for example a broken percent-encoding such as %zz)' },
  URL_TOO_LONG: { status: 414, title: 'A part of the address is too long' },
  MALFORMED_HTTP: { status: 400, title: 'The request is not well-formed HTTP (request line, header or Content-Length)' },
  URL_NOT_ENCODED: { status: 400, title: "The address holds characters that must be percent-encoded, such as Persian text in the query: let the client encode it (curl -G --data-urlencode 'q=…')" },
  REQUEST_TIMEOUT: { status: 408, title: 'The request did not arrive in time' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra public, structured information (field errors, import line errors). */
  readonly extensions: Record<string, unknown> | undefined;
  /** Private detail for logs; never sent to a caller. */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, options: { message?: string; extensions?: Record<string, unknown>; detail?: string; cause?: unknown } = {}) {
    super(options.message ?? errorCatalog[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.extensions = options.extensions;
    this.detail = options.detail;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** A field-level problem, used by validation and the import report. */
export interface FieldIssue {
  /** JSON pointer-ish path or CSV column, e.g. `/nameFa` or `name_fa`. */
  field: string;
  code: string;
  message: string;
}

/** Codes of rows in a bulk import report, besides the registry's own codes above. */
export const importIssueCodes = {
  BAD_ENCODING: 'The file is not valid UTF-8',
  MALFORMED_CSV: 'The CSV cannot be read: unclosed quote, or a row with a different number of cells than the header',
  MALFORMED_JSON: 'The JSON cannot be read, or is not an array of objects (or `{ "items": [...] }`)',
  EMPTY_FILE: 'The file has no header row',
  UNKNOWN_COLUMN: 'A CSV column that is not part of the format',
  DUPLICATE_COLUMN: 'A CSV column that appears twice',
  UNKNOWN_FIELD: 'A JSON field that is not part of the format',
  MISSING_FIELD: 'A required field is empty or missing',
  INVALID_VALUE: 'A value of the wrong type, outside its range, or not one of the allowed values',
  DUPLICATE_KEY: 'The same agency code, service identifier or row key appears twice in the file (accounts import: the later row is skipped and reported)',
  INVALID_CHARACTER: 'A value holds a NUL character or an unpaired UTF-16 surrogate (e.g. a lone `\\uD800` escape), which the database cannot store',
  // people's accounts import (`onewindow users import`, docs/identity.md)
  MISSING_COLUMN: 'A required CSV column is absent from the header',
  NATIONAL_CODE_CHECK_DIGIT: "A national code's check digit does not match its first nine digits",
  INVALID_DATE: 'Not a real date YYYY-MM-DD, or outside its allowed range (a birth date in the future or more than 130 years ago)',
  INVALID_MOBILE: 'Not an Iranian mobile number in any usual spelling (09…, +989…, 989…, 00989…, Persian digits)',
  INVALID_PASSWORD_HASH: 'Not an argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)',
  ACCOUNT_EXISTS: 'An account with this identifier already exists; the row was skipped (reported, not an error)',
} as const;
