import { compileJsonValidator } from '../../../http/validation.ts';
import type { AppError } from '../../../core/errors.ts';
import type { Agency } from '../../model.ts';
import { AgencyPatch } from '../../schemas.ts';
import { asciiDigits, one, orNull, ruleErrors, schemaErrors, type FieldError, type FieldErrors, type FieldSpec, type FormBody } from '../../../web/forms/index.ts';
import type { Parsed } from './service-form.ts';

/** The editable fields of an agency as the form holds them. */
export interface AgencyForm {
  nameFa: string;
  nameEn: string;
  kind: string;
  parentCode: string;
  /** 'true' when ticked; an unticked checkbox posts nothing. */
  eligible: string;
  connectedOn: string;
  contactEmail: string;
  contactPhone: string;
  website: string;
  version: string;
}

export type AgencyField = Exclude<keyof AgencyForm, 'version'>;

export const agencyFields: Record<AgencyField, FieldSpec> = {
  nameFa: { id: 'field-nameFa', label: 'staff.agency.nameFa', kind: 'text', maxLength: 300 },
  nameEn: { id: 'field-nameEn', label: 'staff.agency.nameEn', kind: 'text', maxLength: 300 },
  kind: { id: 'field-kind', label: 'staff.agency.kind', kind: 'choice' },
  parentCode: { id: 'field-parentCode', label: 'staff.agency.parentCode', kind: 'code' },
  eligible: { id: 'field-eligible', label: 'staff.agency.eligible', kind: 'choice' },
  connectedOn: { id: 'field-connectedOn', label: 'staff.agency.connectedOn', kind: 'date' },
  contactEmail: { id: 'field-contactEmail', label: 'staff.agency.contactEmail', kind: 'email' },
  contactPhone: { id: 'field-contactPhone', label: 'staff.agency.contactPhone', kind: 'phone' },
  website: { id: 'field-website', label: 'staff.agency.website', kind: 'url' },
};

const checkPatch = compileJsonValidator(AgencyPatch);

export function agencyFormOf(a: Agency): AgencyForm {
  return {
    nameFa: a.nameFa,
    nameEn: a.nameEn,
    kind: a.kind,
    parentCode: a.parentCode ?? '',
    eligible: a.eligible ? 'true' : '',
    connectedOn: a.connectedOn ?? '',
    contactEmail: a.contactEmail ?? '',
    contactPhone: a.contactPhone ?? '',
    website: a.website ?? '',
    version: String(a.version),
  };
}

export function agencyFormFromBody(body: FormBody): AgencyForm {
  return {
    nameFa: one(body, 'nameFa'),
    nameEn: one(body, 'nameEn'),
    kind: one(body, 'kind'),
    parentCode: one(body, 'parentCode'),
    eligible: one(body, 'eligible') === 'true' ? 'true' : '',
    connectedOn: one(body, 'connectedOn'),
    contactEmail: one(body, 'contactEmail'),
    contactPhone: one(body, 'contactPhone'),
    website: one(body, 'website'),
    version: one(body, 'version'),
  };
}

/** The form as an `AgencyPatch`, validated with the API's schema. */
export function agencyPatchOf(form: AgencyForm): Parsed<AgencyPatch> {
  const patch = {
    nameFa: form.nameFa.trim(),
    nameEn: form.nameEn.trim(),
    kind: form.kind,
    // Codes are upper case; people type them in either.
    parentCode: orNull(form.parentCode.toUpperCase()),
    eligible: form.eligible === 'true',
    connectedOn: orNull(asciiDigits(form.connectedOn)),
    contactEmail: orNull(form.contactEmail),
    contactPhone: orNull(asciiDigits(form.contactPhone)),
    website: orNull(form.website),
    ...(/^\d{1,9}$/.test(form.version) ? { version: Number(form.version) } : {}),
  };
  if (checkPatch(patch)) return { ok: true, patch };
  return { ok: false, errors: schemaErrors(checkPatch, patch, agencyFields) };
}

export function agencyRuleErrors(error: AppError): FieldErrors {
  return ruleErrors(error, (code, field): FieldError | undefined => {
    if (code === 'AGENCY_PARENT_NOT_FOUND') return { key: 'staff.error.parentNotFound' };
    if (code === 'AGENCY_TREE_CYCLE') return { key: 'staff.error.parentCycle' };
    if (field === 'connectedOn') return { key: 'staff.error.futureDate' };
    if (Object.hasOwn(agencyFields, field)) return { key: 'staff.error.rejected' };
    return undefined;
  });
}
