/**
 * The console's service form: a provider's service as typed (with an OpenAPI document pasted as
 * JSON), parsed into the management API's create or patch input and checked with its schemas.
 */
import type { AppError } from '../../core/errors.ts';
import { compileJsonValidator } from '../../http/validation.ts';
import { kindError, one, orNull, schemaErrors, wholeNumber, type FieldErrors, type FieldSpec, type FormBody } from '../../web/forms/index.ts';
import type { EndpointPattern } from '../protocol/endpoints.ts';
import type { ServiceView } from '../admin/service-repository.ts';
import { checkIdentifier, checkRateLimit, checkUpstreamUrl } from '../admin/rules.ts';
import { ServiceCreate, ServicePatch } from '../admin/schemas.ts';
import { ok, parseEndpointLines, placeRuleErrors, type Parsed } from './forms.ts';

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
export function serviceFormOf(s: ServiceView): ServiceForm {
  return {
    code: s.code,
    serviceVersion: s.serviceVersion ?? '',
    nameFa: s.nameFa,
    nameEn: s.nameEn,
    upstreamUrl: s.upstreamUrl ?? '',
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
      case 'EXCHANGE_UPSTREAM_NOT_REGISTERED':
        return { key: 'exchange.error.upstreamNotRegistered' };
      case 'EXCHANGE_UPSTREAM_ADDRESS_INTERNAL':
        return { key: 'exchange.error.upstreamInternal' };
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

