import Type from 'typebox';
import type { AppError } from '../../core/errors.ts';
import { compileJsonValidator } from '../../http/validation.ts';
import { kindError, one, orNull, schemaErrors, wholeNumber, type FieldError, type FieldErrors, type FieldSpec, type FormBody } from '../../identity/pages/form-values.ts';
import type { EndpointPattern } from '../protocol/endpoints.ts';
import type { ServiceSummary } from '../admin/service-repository.ts';
import { checkIdentifier, checkRateLimit, checkUpstreamUrl } from '../admin/rules.ts';
import { AccessRequestCreate, CredentialCreate, MemberCreate, ServiceCreate, ServicePatch, SubsystemCreate } from '../admin/schemas.ts';

export type { FieldErrors, FormBody } from '../../identity/pages/form-values.ts';
export { one } from '../../identity/pages/form-values.ts';

/**
 * The console's forms: what a person typed, parsed into the management API's inputs and
 * checked with the API's own schemas, so a mistake is named by its field before anything is
 * written. The service layer's rules (identifiers, URLs, OpenAPI, endpoints) are mapped back
 * onto fields by `placeRuleErrors`.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Like the staff forms' body, with room for an OpenAPI document pasted as JSON (the body limit is 64 KiB). */
export const ConsoleFormBody = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 60_000 }), Type.Array(Type.String({ maxLength: 8000 }), { maxItems: 20 })]), {
  maxProperties: 40,
});

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** The first error of each field, in the service layer's `extensions.errors[].field` terms. */
export function placeRuleErrors(error: AppError, fields: Record<string, string>, byCode: (code: string, reason: string | undefined, field: string) => FieldError): FieldErrors {
  const list = (error.extensions?.errors ?? []) as { field?: unknown; code?: unknown; reason?: unknown }[];
  const errors: FieldErrors = {};
  for (const e of Array.isArray(list) ? list : []) {
    const raw = typeof e.field === 'string' ? e.field.replace(/^body\//, '') : '';
    const field = fields[raw];
    if (field && !errors[field]) errors[field] = byCode(String(e.code ?? error.code), typeof e.reason === 'string' ? e.reason : undefined, field);
  }
  return errors;
}

// ---- members ----------------------------------------------------------------------------

export interface MemberForm {
  agencyCode: string;
  memberClass: string;
  memberCode: string;
}
export const memberFields: Record<keyof MemberForm, FieldSpec> = {
  agencyCode: { id: 'member-agencyCode', label: 'exchange.member.agency', kind: 'choice' },
  memberClass: { id: 'member-memberClass', label: 'exchange.member.memberClass', kind: 'text', maxLength: 255 },
  memberCode: { id: 'member-memberCode', label: 'exchange.member.memberCode', kind: 'text', maxLength: 255 },
};
const checkMember = compileJsonValidator(MemberCreate);
/** Most members are government bodies: the usual class is offered, not imposed. */
export const emptyMemberForm: MemberForm = { agencyCode: '', memberClass: 'GOV', memberCode: '' };
export const memberFormFromBody = (b: FormBody): MemberForm => ({ agencyCode: one(b, 'agencyCode'), memberClass: one(b, 'memberClass'), memberCode: one(b, 'memberCode') });

export function memberInputOf(form: MemberForm): Parsed<MemberCreate> {
  const input = { agencyCode: form.agencyCode.trim(), memberClass: form.memberClass.trim(), memberCode: form.memberCode.trim() };
  const errors: FieldErrors = {};
  // The service layer's identifier rule, checked here too so it is reported with the other mistakes.
  for (const f of ['memberClass', 'memberCode'] as const) if (input[f] && checkIdentifier(f, input[f])) errors[f] = { key: 'exchange.error.identifier' };
  if (!Object.keys(errors).length && checkMember(input)) return ok(input);
  const fromSchema = schemaErrors(checkMember, input, memberFields);
  if (Object.keys(errors).length) delete fromSchema[''];
  return { ok: false, errors: { ...fromSchema, ...errors } };
}

/** The service layer's refusals of a new member, on the field a person must change. */
export function memberRuleErrors(error: AppError): FieldErrors {
  switch (error.code) {
    case 'AGENCY_NOT_FOUND':
      return { agencyCode: kindError(memberFields.agencyCode, 'enum') };
    case 'EXCHANGE_MEMBER_EXISTS':
      return { agencyCode: { key: 'exchange.error.memberExists' } };
    case 'EXCHANGE_MEMBER_ID_TAKEN':
      return { memberCode: { key: 'exchange.error.memberIdTaken' } };
    default:
      return placeRuleErrors(error, { memberClass: 'memberClass', memberCode: 'memberCode' }, () => ({ key: 'exchange.error.identifier' }));
  }
}

// ---- subsystems -------------------------------------------------------------------------

export interface SubsystemForm {
  code: string;
  nameFa: string;
  nameEn: string;
}
export const subsystemFields: Record<keyof SubsystemForm, FieldSpec> = {
  code: { id: 'subsystem-code', label: 'exchange.subsystem.code', kind: 'text', maxLength: 255 },
  nameFa: { id: 'subsystem-nameFa', label: 'exchange.nameFa', kind: 'text', maxLength: 300 },
  nameEn: { id: 'subsystem-nameEn', label: 'exchange.nameEn', kind: 'text', maxLength: 300 },
};
const checkSubsystem = compileJsonValidator(SubsystemCreate);
export const emptySubsystemForm: SubsystemForm = { code: '', nameFa: '', nameEn: '' };
export const subsystemFormFromBody = (b: FormBody): SubsystemForm => ({ code: one(b, 'code'), nameFa: one(b, 'nameFa'), nameEn: one(b, 'nameEn') });

export function subsystemInputOf(form: SubsystemForm): Parsed<SubsystemCreate> {
  const input = { code: form.code.trim(), nameFa: form.nameFa.trim(), nameEn: form.nameEn.trim() };
  if (checkSubsystem(input)) return ok(input);
  return { ok: false, errors: schemaErrors(checkSubsystem, input, subsystemFields) };
}

// ---- credentials ------------------------------------------------------------------------

export const credentialKinds = ['certificate', 'jwk', 'secret'] as const;
export interface CredentialForm {
  kind: string;
  material: string;
  label: string;
}
export const credentialFields: Record<keyof CredentialForm, FieldSpec> = {
  kind: { id: 'credential-kind', label: 'exchange.credential.kind', kind: 'choice' },
  material: { id: 'credential-material', label: 'exchange.credential.material', kind: 'text', maxLength: 20_000 },
  label: { id: 'credential-label', label: 'exchange.credential.label', kind: 'text', maxLength: 200 },
};
const checkCredential = compileJsonValidator(CredentialCreate);
export const emptyCredentialForm: CredentialForm = { kind: 'certificate', material: '', label: '' };
export const credentialFormFromBody = (b: FormBody): CredentialForm => ({ kind: one(b, 'kind'), material: one(b, 'material'), label: one(b, 'label') });

export function credentialInputOf(form: CredentialForm, sharedSecrets: boolean): Parsed<CredentialCreate> {
  const label = form.label.trim();
  const withLabel = label ? { label } : {};
  const material = form.material.trim();
  let input: CredentialCreate;
  switch (form.kind) {
    case 'certificate':
      if (!material) return { ok: false, errors: { material: { key: 'exchange.error.certificateRequired' } } };
      input = { kind: 'certificate', certificatePem: material, ...withLabel };
      break;
    case 'jwk': {
      let jwk: unknown;
      try {
        jwk = JSON.parse(material);
      } catch {
        jwk = undefined;
      }
      if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk) || typeof (jwk as { kty?: unknown }).kty !== 'string') return { ok: false, errors: { material: { key: 'exchange.error.jwkJson' } } };
      input = { kind: 'jwk', publicJwk: jwk as { kty: string }, ...withLabel };
      break;
    }
    case 'secret':
      if (!sharedSecrets) return { ok: false, errors: { kind: kindError(credentialFields.kind, 'enum') } };
      input = { kind: 'secret', ...withLabel };
      break;
    default:
      return { ok: false, errors: { kind: kindError(credentialFields.kind, 'enum') } };
  }
  if (checkCredential(input)) return ok(input);
  const found = schemaErrors(checkCredential, input as unknown as Record<string, unknown>, { label: credentialFields.label, certificatePem: credentialFields.material });
  const errors: FieldErrors = {};
  for (const [k, e] of Object.entries(found)) errors[k === 'certificatePem' ? 'material' : k] = e;
  return { ok: false, errors };
}

/** Why a credential was refused, as a message on the material field. */
export function credentialRuleErrors(error: AppError): FieldErrors {
  if (error.code === 'EXCHANGE_CREDENTIAL_TAKEN') return { material: { key: 'exchange.error.credentialTaken' } };
  if (error.code === 'EXCHANGE_SHARED_SECRETS_DISABLED') return { kind: kindError(credentialFields.kind, 'enum') };
  if (error.code !== 'EXCHANGE_CREDENTIAL_INVALID') return {};
  const reason = error.extensions?.reason;
  if (reason === 'private_key') return { material: { key: 'exchange.error.privateKey' } };
  if (reason === 'expired') return { material: { key: 'exchange.error.certificateExpired' } };
  return { material: { key: 'exchange.error.credentialInvalid' } };
}

// ---- services ---------------------------------------------------------------------------

export interface ServiceForm {
  code: string;
  serviceVersion: string;
  nameFa: string;
  nameEn: string;
  upstreamUrl: string;
  timeoutMs: string;
  maxBodyBytes: string;
  dataSubjectIn: string;
  dataSubjectName: string;
  registryServiceId: string;
  rateLimitPerSecond: string;
  rateLimitBurst: string;
  status: string;
  openapi: string;
  endpoints: string;
  version: string;
}
export type ServiceField = Exclude<keyof ServiceForm, 'version'>;

/** In the order the form shows them, which is also the order of the error summary. */
export const serviceFields: Record<ServiceField, FieldSpec> = {
  code: { id: 'service-code', label: 'exchange.service.code', kind: 'text', maxLength: 255 },
  serviceVersion: { id: 'service-serviceVersion', label: 'exchange.service.serviceVersion', kind: 'text', maxLength: 255 },
  nameFa: { id: 'service-nameFa', label: 'exchange.nameFa', kind: 'text', maxLength: 300 },
  nameEn: { id: 'service-nameEn', label: 'exchange.nameEn', kind: 'text', maxLength: 300 },
  status: { id: 'service-status', label: 'exchange.service.status', kind: 'choice' },
  registryServiceId: { id: 'service-registryServiceId', label: 'exchange.service.catalogService', kind: 'choice' },
  upstreamUrl: { id: 'service-upstreamUrl', label: 'exchange.service.upstreamUrl', kind: 'url' },
  timeoutMs: { id: 'service-timeoutMs', label: 'exchange.service.timeoutMs', kind: 'number', min: 100, max: 600_000 },
  maxBodyBytes: { id: 'service-maxBodyBytes', label: 'exchange.service.maxBodyBytes', kind: 'number', min: 0, max: 1_073_741_824 },
  rateLimitPerSecond: { id: 'service-rateLimitPerSecond', label: 'exchange.service.rateLimitPerSecond', kind: 'number', min: 1, max: 1_000_000 },
  rateLimitBurst: { id: 'service-rateLimitBurst', label: 'exchange.service.rateLimitBurst', kind: 'number', min: 1, max: 1_000_000 },
  dataSubjectIn: { id: 'service-dataSubjectIn', label: 'exchange.service.dataSubjectIn', kind: 'choice' },
  dataSubjectName: { id: 'service-dataSubjectName', label: 'exchange.service.dataSubjectName', kind: 'text', maxLength: 100 },
  openapi: { id: 'service-openapi', label: 'exchange.service.openapi', kind: 'text' },
  endpoints: { id: 'service-endpoints', label: 'exchange.service.endpoints', kind: 'text' },
};

export const emptyServiceForm: ServiceForm = {
  code: '',
  serviceVersion: '',
  nameFa: '',
  nameEn: '',
  upstreamUrl: '',
  timeoutMs: '30000',
  maxBodyBytes: String(10 * 1024 * 1024),
  dataSubjectIn: '',
  dataSubjectName: '',
  registryServiceId: '',
  rateLimitPerSecond: '',
  rateLimitBurst: '',
  status: 'active',
  openapi: '',
  endpoints: '',
  version: '',
};

/** The form of an existing service; the OpenAPI and endpoint boxes start empty ("keep as is"). */
export function serviceFormOf(s: ServiceSummary): ServiceForm {
  return {
    code: s.code,
    serviceVersion: s.serviceVersion ?? '',
    nameFa: s.nameFa,
    nameEn: s.nameEn,
    upstreamUrl: s.upstreamUrl,
    timeoutMs: String(s.timeoutMs),
    maxBodyBytes: String(s.maxBodyBytes),
    dataSubjectIn: s.dataSubject?.in ?? '',
    dataSubjectName: s.dataSubject?.name ?? '',
    registryServiceId: s.registryServiceId ?? '',
    rateLimitPerSecond: s.rateLimitPerSecond === null ? '' : String(s.rateLimitPerSecond),
    rateLimitBurst: s.rateLimitBurst === null ? '' : String(s.rateLimitBurst),
    status: s.status,
    openapi: '',
    endpoints: '',
    version: String(s.version),
  };
}

export function serviceFormFromBody(b: FormBody): ServiceForm {
  const f = {} as ServiceForm;
  for (const k of Object.keys(emptyServiceForm) as (keyof ServiceForm)[]) f[k] = one(b, k);
  return f;
}

/** `GET /persons/{nationalCode}`, one per line; blank lines are skipped. */
export function parseEndpointLines(text: string): EndpointPattern[] | null {
  const out: EndpointPattern[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const m = /^(\*|[A-Za-z]+)\s+(\/\S*)$/.exec(trimmed);
    if (!m) return null;
    out.push({ method: m[1]!.toUpperCase(), path: m[2]! });
  }
  return out;
}

const checkServiceCreate = compileJsonValidator(ServiceCreate);
const checkServicePatch = compileJsonValidator(ServicePatch);

/** Fields of the API's service input → fields of the form. */
const serviceInputFields: Record<string, ServiceField> = {
  code: 'code',
  serviceVersion: 'serviceVersion',
  nameFa: 'nameFa',
  nameEn: 'nameEn',
  upstreamUrl: 'upstreamUrl',
  timeoutMs: 'timeoutMs',
  maxBodyBytes: 'maxBodyBytes',
  dataSubject: 'dataSubjectName',
  registryServiceId: 'registryServiceId',
  rateLimitPerSecond: 'rateLimitPerSecond',
  rateLimitBurst: 'rateLimitBurst',
  status: 'status',
  openapi: 'openapi',
  endpoints: 'endpoints',
};

/**
 * The service form as the API's create input (`creating`) or patch. The OpenAPI box holds a
 * JSON document; the endpoint box explicit endpoints; on an edit both empty keep the endpoints.
 */
export function serviceInputOf(form: ServiceForm, creating: true): Parsed<ServiceCreate>;
export function serviceInputOf(form: ServiceForm, creating: false): Parsed<ServicePatch>;
export function serviceInputOf(form: ServiceForm, creating: boolean): Parsed<ServiceCreate | ServicePatch> {
  const errors: FieldErrors = {};
  const number = (field: 'timeoutMs' | 'maxBodyBytes') => {
    const n = wholeNumber(form[field]);
    if (n === null || Number.isNaN(n)) errors[field] = kindError(serviceFields[field], 'type');
    return n ?? 0;
  };
  const timeoutMs = number('timeoutMs');
  const maxBodyBytes = number('maxBodyBytes');
  // Rate limits are optional: empty means the deployment's default.
  const optionalNumber = (field: 'rateLimitPerSecond' | 'rateLimitBurst') => {
    const n = wholeNumber(form[field]);
    if (n !== null && Number.isNaN(n)) errors[field] = kindError(serviceFields[field], 'type');
    return n;
  };
  const rateLimitPerSecond = optionalNumber('rateLimitPerSecond');
  const rateLimitBurst = optionalNumber('rateLimitBurst');
  let openapi: Record<string, unknown> | undefined;
  if (form.openapi.trim()) {
    try {
      const parsed: unknown = JSON.parse(form.openapi);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) openapi = parsed as Record<string, unknown>;
      else errors.openapi = { key: 'exchange.error.openapiJson' };
    } catch {
      errors.openapi = { key: 'exchange.error.openapiJson' };
    }
  }
  let endpoints: EndpointPattern[] | undefined;
  if (form.endpoints.trim()) {
    const lines = parseEndpointLines(form.endpoints);
    if (lines) endpoints = lines;
    else errors.endpoints = { key: 'exchange.error.endpointLines' };
  }
  if (openapi && endpoints) errors.endpoints = { key: 'exchange.error.openapiOrEndpoints' };
  if (creating && !form.openapi.trim() && !form.endpoints.trim()) errors.openapi = { key: 'exchange.error.openapiOrEndpoints' };
  let dataSubject: { in: 'path' | 'query' | 'header'; name: string } | null = null;
  if (form.dataSubjectIn === 'path' || form.dataSubjectIn === 'query' || form.dataSubjectIn === 'header') {
    if (!form.dataSubjectName.trim()) errors.dataSubjectName = { key: 'staff.error.required' };
    dataSubject = { in: form.dataSubjectIn, name: form.dataSubjectName.trim() };
  } else if (form.dataSubjectIn !== '') errors.dataSubjectIn = kindError(serviceFields.dataSubjectIn, 'enum');
  // The service layer's own rules, checked here too so they are reported with the other mistakes.
  if (form.upstreamUrl.trim() && checkUpstreamUrl(form.upstreamUrl.trim())) errors.upstreamUrl = { key: 'exchange.error.upstreamUrl' };
  if (creating && form.code.trim() && checkIdentifier('code', form.code.trim())) errors.code = { key: 'exchange.error.identifier' };
  if (form.serviceVersion.trim() && checkIdentifier('serviceVersion', form.serviceVersion.trim())) errors.serviceVersion = { key: 'exchange.error.identifier' };
  if (!errors.rateLimitBurst && checkRateLimit(rateLimitPerSecond, rateLimitBurst)) errors.rateLimitBurst = { key: 'exchange.error.burstNeedsRate' };
  const common = {
    nameFa: form.nameFa.trim(),
    nameEn: form.nameEn.trim(),
    upstreamUrl: form.upstreamUrl.trim(),
    serviceVersion: orNull(form.serviceVersion),
    timeoutMs,
    maxBodyBytes,
    dataSubject,
    registryServiceId: orNull(form.registryServiceId),
    rateLimitPerSecond,
    rateLimitBurst,
    status: form.status,
    ...(openapi ? { openapi } : {}),
    ...(endpoints ? { endpoints } : {}),
  };
  const input = creating ? { code: form.code.trim(), ...common } : { ...common, ...(/^\d{1,9}$/.test(form.version) ? { version: Number(form.version) } : {}) };
  const check = creating ? checkServiceCreate : checkServicePatch;
  if (!Object.keys(errors).length && check(input)) return ok(input as ServiceCreate);
  const specs = Object.fromEntries(Object.entries(serviceInputFields).map(([k, f]) => [k, serviceFields[f]]));
  const fromSchema = schemaErrors(check, input, specs);
  // Schema errors come keyed by the API's field names; place them on the form's fields.
  const placed: FieldErrors = {};
  for (const [k, e] of Object.entries(fromSchema)) if (k !== '' || !Object.keys(errors).length) placed[serviceInputFields[k] ?? k] = e;
  return { ok: false, errors: { ...placed, ...errors } };
}

/** The service layer's refusals, on the field a person must change. */
export function serviceRuleErrors(error: AppError): FieldErrors {
  if (error.code === 'EXCHANGE_SERVICE_CODE_TAKEN') return { code: { key: 'exchange.error.serviceCodeTaken' } };
  return placeRuleErrors(error, serviceInputFields, (code, _reason, field) => {
    if (field === 'rateLimitBurst') return { key: 'exchange.error.burstNeedsRate' };
    switch (code) {
      case 'EXCHANGE_IDENTIFIER_INVALID':
        return { key: 'exchange.error.identifier' };
      case 'EXCHANGE_UPSTREAM_URL_INVALID':
        return { key: 'exchange.error.upstreamUrl' };
      case 'EXCHANGE_OPENAPI_INVALID':
        return { key: 'exchange.error.openapiInvalid' };
      case 'EXCHANGE_DATA_SUBJECT_INVALID':
        return { key: 'exchange.error.dataSubject' };
      case 'EXCHANGE_SERVICE_ENDPOINTS_INVALID':
        return { key: 'exchange.error.openapiOrEndpoints' };
      case 'EXCHANGE_REGISTRY_SERVICE_NOT_FOUND':
        return { key: 'exchange.error.catalogServiceNotFound' };
      default:
        return { key: 'staff.error.rejected' };
    }
  });
}

// ---- access requests --------------------------------------------------------------------

export interface RequestForm {
  consumerSubsystemId: string;
  serviceId: string;
  endpoints: string;
  purpose: string;
  legalBasis: string;
  message: string;
}
export const requestFields: Record<keyof RequestForm, FieldSpec> = {
  consumerSubsystemId: { id: 'request-consumer', label: 'exchange.request.consumer', kind: 'choice' },
  serviceId: { id: 'request-service', label: 'exchange.request.service', kind: 'choice' },
  endpoints: { id: 'request-endpoints', label: 'exchange.request.endpoints', kind: 'text' },
  purpose: { id: 'request-purpose', label: 'exchange.request.purpose', kind: 'text', maxLength: 2000 },
  legalBasis: { id: 'request-legalBasis', label: 'exchange.request.legalBasis', kind: 'text', maxLength: 2000 },
  message: { id: 'request-message', label: 'exchange.request.message', kind: 'text', maxLength: 2000 },
};
export const emptyRequestForm: RequestForm = { consumerSubsystemId: '', serviceId: '', endpoints: '', purpose: '', legalBasis: '', message: '' };
export function requestFormFromBody(b: FormBody): RequestForm {
  return { consumerSubsystemId: one(b, 'consumerSubsystemId'), serviceId: one(b, 'serviceId'), endpoints: one(b, 'endpoints'), purpose: one(b, 'purpose'), legalBasis: one(b, 'legalBasis'), message: one(b, 'message') };
}
const checkRequest = compileJsonValidator(AccessRequestCreate);

export function requestInputOf(form: RequestForm): Parsed<AccessRequestCreate> {
  const errors: FieldErrors = {};
  const idOf = (field: 'consumerSubsystemId' | 'serviceId') => {
    if (!/^\d{1,15}$/.test(form[field])) errors[field] = kindError(requestFields[field], 'enum');
    return Number(form[field]) || 0;
  };
  const consumerSubsystemId = idOf('consumerSubsystemId');
  const serviceId = idOf('serviceId');
  let endpoints: EndpointPattern[] | null = null;
  if (form.endpoints.trim()) {
    endpoints = parseEndpointLines(form.endpoints);
    if (!endpoints) errors.endpoints = { key: 'exchange.error.endpointLines' };
  }
  const message = form.message.trim();
  const input = { consumerSubsystemId, serviceId, endpoints, purpose: form.purpose.trim(), legalBasis: form.legalBasis.trim(), ...(message ? { message } : {}) };
  if (!Object.keys(errors).length && checkRequest(input)) return ok(input);
  const fromSchema = schemaErrors(checkRequest, input, requestFields);
  if (Object.keys(errors).length) delete fromSchema[''];
  return { ok: false, errors: { ...fromSchema, ...errors } };
}

export function requestRuleErrors(error: AppError): FieldErrors {
  switch (error.code) {
    case 'EXCHANGE_REQUEST_ENDPOINT_NOT_IN_SERVICE':
      return { endpoints: { key: 'exchange.error.endpointNotInService' } };
    case 'EXCHANGE_REQUEST_DUPLICATE':
      return { serviceId: { key: 'exchange.error.requestDuplicate' } };
    case 'EXCHANGE_SERVICE_NOT_FOUND':
      return { serviceId: kindError(requestFields.serviceId, 'enum') };
    case 'EXCHANGE_SUBSYSTEM_NOT_FOUND':
      return { consumerSubsystemId: kindError(requestFields.consumerSubsystemId, 'enum') };
    default:
      return {};
  }
}
