import { compileJsonValidator } from '../../../http/validation.ts';
import type { AppError } from '../../../core/errors.ts';
import { deliveryStatuses, maturityConsistent, maturityLevels, type DeliveryStatus } from '../../../core/maturity.ts';
import type { Service } from '../../model.ts';
import { ServicePatch } from '../../schemas.ts';
import { kindError, many, one, orNull, ruleErrors, schemaErrors, wholeNumber, type FieldErrors, type FieldError, type FieldSpec, type FormBody } from '../../../web/forms/index.ts';

/** The editable fields of a service as the form holds them: what the person typed, unparsed. */
export interface ServiceForm {
  nameFa: string;
  nameEn: string;
  descriptionFa: string;
  descriptionEn: string;
  topic: string;
  audiences: string[];
  maturity: string;
  deliveryStatus: string;
  channels: string[];
  feeAmount: string;
  slaDays: string;
  accessUrl: string;
  inPersonVisits: string;
  complaintChannel: string;
  version: string;
}

export type ServiceField = Exclude<keyof ServiceForm, 'version'>;

/** In the order the form shows them, which is also the order of the error summary. */
export const serviceFields: Record<ServiceField, FieldSpec> = {
  nameFa: { id: 'field-nameFa', label: 'staff.service.nameFa', kind: 'text', maxLength: 300 },
  nameEn: { id: 'field-nameEn', label: 'staff.service.nameEn', kind: 'text', maxLength: 300 },
  descriptionFa: { id: 'field-descriptionFa', label: 'staff.service.descriptionFa', kind: 'text', maxLength: 4000 },
  descriptionEn: { id: 'field-descriptionEn', label: 'staff.service.descriptionEn', kind: 'text', maxLength: 4000 },
  topic: { id: 'field-topic', label: 'staff.service.topic', kind: 'choice' },
  audiences: { id: 'field-audiences', label: 'staff.service.audiences', kind: 'choice' },
  maturity: { id: 'field-maturity', label: 'staff.service.maturity', kind: 'choice' },
  deliveryStatus: { id: 'field-deliveryStatus', label: 'staff.service.deliveryStatus', kind: 'choice' },
  channels: { id: 'field-channels', label: 'staff.service.channels', kind: 'choice' },
  feeAmount: { id: 'field-feeAmount', label: 'staff.service.feeAmount', kind: 'number', min: 0, max: 1e15 },
  slaDays: { id: 'field-slaDays', label: 'staff.service.slaDays', kind: 'number', min: 0, max: 3650 },
  accessUrl: { id: 'field-accessUrl', label: 'staff.service.accessUrl', kind: 'url' },
  inPersonVisits: { id: 'field-inPersonVisits', label: 'staff.service.inPersonVisits', kind: 'number', min: 0, max: 100 },
  complaintChannel: { id: 'field-complaintChannel', label: 'staff.service.complaintChannel', kind: 'text', maxLength: 300 },
};

const checkPatch = compileJsonValidator(ServicePatch);
const isDeliveryStatus = (v: string): v is DeliveryStatus => (deliveryStatuses as readonly string[]).includes(v);

export function serviceFormOf(s: Service): ServiceForm {
  const num = (n: number | null) => (n === null ? '' : String(n));
  return {
    nameFa: s.nameFa,
    nameEn: s.nameEn,
    descriptionFa: s.descriptionFa,
    descriptionEn: s.descriptionEn,
    topic: s.topic,
    audiences: [...s.audiences],
    maturity: String(s.maturity),
    deliveryStatus: s.deliveryStatus,
    channels: [...s.channels],
    feeAmount: num(s.feeAmount),
    slaDays: num(s.slaDays),
    accessUrl: s.accessUrl ?? '',
    inPersonVisits: String(s.inPersonVisits),
    complaintChannel: s.complaintChannel ?? '',
    version: String(s.version),
  };
}

export function serviceFormFromBody(body: FormBody): ServiceForm {
  return {
    nameFa: one(body, 'nameFa'),
    nameEn: one(body, 'nameEn'),
    descriptionFa: one(body, 'descriptionFa'),
    descriptionEn: one(body, 'descriptionEn'),
    topic: one(body, 'topic'),
    audiences: many(body, 'audiences'),
    maturity: one(body, 'maturity'),
    deliveryStatus: one(body, 'deliveryStatus'),
    channels: many(body, 'channels'),
    feeAmount: one(body, 'feeAmount'),
    slaDays: one(body, 'slaDays'),
    accessUrl: one(body, 'accessUrl'),
    inPersonVisits: one(body, 'inPersonVisits'),
    complaintChannel: one(body, 'complaintChannel'),
    version: one(body, 'version'),
  };
}

export type Parsed<P> = { ok: true; patch: P } | { ok: false; errors: FieldErrors };

/**
 * The form as a `ServicePatch`, validated with the same schema the JSON API uses. Numbers are
 * parsed here (Persian digits and separators allowed) so a typing mistake names its field.
 */
export function servicePatchOf(form: ServiceForm): Parsed<ServicePatch> {
  const errors: FieldErrors = {};
  const number = (field: 'feeAmount' | 'slaDays' | 'inPersonVisits', required: boolean): number | null => {
    const n = wholeNumber(form[field]);
    if (Number.isNaN(n) || (required && n === null)) errors[field] = kindError(serviceFields[field], 'type');
    return n;
  };
  const feeAmount = number('feeAmount', false);
  const slaDays = number('slaDays', false);
  const inPersonVisits = number('inPersonVisits', true);
  const maturity = maturityLevels.find((l) => String(l) === form.maturity);
  if (maturity === undefined) errors.maturity = kindError(serviceFields.maturity, 'enum');
  // The registry enforces this rule too; checked here as well so it is reported together with
  // any other mistake rather than only after those are fixed.
  else if (isDeliveryStatus(form.deliveryStatus) && !maturityConsistent(maturity, form.deliveryStatus)) errors.maturity = { key: 'staff.error.maturityInconsistent' };
  const patch = {
    nameFa: form.nameFa.trim(),
    nameEn: form.nameEn.trim(),
    descriptionFa: form.descriptionFa.trim(),
    descriptionEn: form.descriptionEn.trim(),
    topic: form.topic,
    audiences: [...new Set(form.audiences)],
    maturity: maturity ?? Number.NaN,
    deliveryStatus: form.deliveryStatus,
    channels: [...new Set(form.channels)],
    feeAmount,
    slaDays,
    accessUrl: orNull(form.accessUrl),
    inPersonVisits: inPersonVisits ?? 0,
    complaintChannel: orNull(form.complaintChannel),
    ...(/^\d{1,9}$/.test(form.version) ? { version: Number(form.version) } : {}),
  };
  if (!Object.keys(errors).length && checkPatch(patch)) return { ok: true, patch };
  return { ok: false, errors: { ...schemaErrors(checkPatch, patch, serviceFields), ...errors } };
}

/** The registry's refusals that a person can fix in this form, by field. */
export function serviceRuleErrors(error: AppError): FieldErrors {
  return ruleErrors(error, (code, field): FieldError | undefined => {
    if (code === 'SERVICE_MATURITY_INCONSISTENT') return { key: 'staff.error.maturityInconsistent' };
    if (Object.hasOwn(serviceFields, field)) return { key: 'staff.error.rejected' };
    return undefined;
  });
}
