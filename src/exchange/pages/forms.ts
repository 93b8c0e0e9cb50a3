import Type from 'typebox';
import { isAppError, type AppError } from '../../core/errors.ts';
import { compileJsonValidator } from '../../http/validation.ts';
import { kindError, one, schemaErrors, type FieldError, type FieldErrors, type FieldSpec, type FormBody } from '../../web/forms/index.ts';
export type { FieldErrors, FormBody } from '../../web/forms/index.ts';
export { one } from '../../web/forms/index.ts';
import type { EndpointPattern } from '../protocol/endpoints.ts';
import { checkIdentifier } from '../admin/rules.ts';
import { AccessRequestCreate, CredentialCreate, MemberCreate, SubsystemCreate } from '../admin/schemas.ts';


/**
 * The console's forms: what a person typed, parsed into the management API's inputs and
 * checked with the API's own schemas, so a mistake is named by its field before anything is
 * written. The service layer's rules (identifiers, URLs, OpenAPI, endpoints) are mapped back
 * onto fields by `placeRuleErrors`. The service form, the largest, is in `service-form.ts`.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Like the staff forms' body, with room for an OpenAPI document pasted as JSON (the body limit is 64 KiB). */
export const ConsoleFormBody = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 60_000 }), Type.Array(Type.String({ maxLength: 8000 }), { maxItems: 20 })]), {
  maxProperties: 40,
});

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** What a change asked for by a form came to: done, or refused for reasons shown on the form's fields. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; status: 409 | 422 };

/**
 * Runs a change of the management layer for a form. A refusal that `toFields` places on the
 * form's fields comes back so the form is shown again with them — 409 when the record clashes
 * with another (a code taken, a duplicate), 422 otherwise; any other error goes on to the
 * console's error page.
 */
export async function attemptChange<T>(change: () => Promise<T>, toFields: (error: AppError) => FieldErrors): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await change() };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const errors = toFields(error);
    if (!Object.keys(errors).length) throw error;
    return { ok: false, errors, status: error.status === 409 ? 409 : 422 };
  }
}

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

/** The service layer's refusals of a new subsystem: its code taken, or not an exchange identifier. */
export function subsystemRuleErrors(error: AppError): FieldErrors {
  if (error.code === 'EXCHANGE_SUBSYSTEM_CODE_TAKEN') return { code: { key: 'exchange.error.subsystemCodeTaken' } };
  return placeRuleErrors(error, { code: 'code' }, () => ({ key: 'exchange.error.identifier' }));
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
