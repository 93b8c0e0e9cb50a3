import type { ValidateFunction } from 'ajv';
import Type from 'typebox';
import type { AppError } from '../../core/errors.ts';
import type { MessageKey, Params } from '../i18n/translate.ts';

/**
 * What an HTML form posts: each field once, or several times for a group of checkboxes.
 * Bounded so a forged post cannot make the server hold much.
 */
export const FormBody = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 8000 }), Type.Array(Type.String({ maxLength: 8000 }), { maxItems: 20 })]), {
  maxProperties: 40,
});
export type FormBody = Record<string, string | string[] | undefined>;

/** The single value of a field ('' when absent); a repeated field keeps its first value. */
export function one(body: FormBody, name: string): string {
  const v = body[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export function many(body: FormBody, name: string): string[] {
  const v = body[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Persian and Arabic-Indic digits as ASCII: people type numbers with the keyboard they have. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** A whole number typed by a person (group separators allowed); null when empty, NaN when not a number. */
export function wholeNumber(text: string): number | null {
  const plain = asciiDigits(text).replace(/[\s,\u066C_]/g, '');
  if (plain === '') return null;
  if (!/^\d{1,16}$/.test(plain)) return Number.NaN;
  return Number(plain);
}

/** Empty text means "none" for optional fields that the registry stores as null. */
export const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

export type FieldKind = 'text' | 'number' | 'url' | 'choice' | 'email' | 'phone' | 'date' | 'code';

export interface FieldSpec {
  /** The id of the control, which the error summary links to. */
  id: string;
  label: MessageKey;
  kind: FieldKind;
  min?: number;
  max?: number;
  maxLength?: number;
}

/** A message for one field; rendering adds `{field}`, the field's label. */
export interface FieldError {
  key: MessageKey;
  params?: Params;
}

export type FieldErrors = Record<string, FieldError>;

export function kindError(spec: FieldSpec, keyword: string): FieldError {
  switch (spec.kind) {
    case 'text':
      if (keyword === 'maxLength') return { key: 'staff.error.tooLong', params: { max: spec.maxLength ?? 0 } };
      return { key: 'staff.error.required' };
    case 'number':
      if (keyword === 'minimum' || keyword === 'maximum') return { key: 'staff.error.range', params: { min: spec.min ?? 0, max: spec.max ?? 0 } };
      return { key: 'staff.error.wholeNumber' };
    case 'url':
      return { key: 'staff.error.url' };
    case 'email':
      return { key: 'staff.error.email' };
    case 'phone':
      return { key: 'staff.error.phone' };
    case 'date':
      return { key: 'staff.error.date' };
    case 'code':
      return { key: 'staff.error.agencyCode' };
    case 'choice':
      return { key: 'staff.error.choose' };
  }
}

/** A compiled validator of the API's schema (`compileJsonValidator`). */
export type SchemaCheck = ValidateFunction;

/** Schema errors as one message per field: the first problem Ajv reports for each. */
export function schemaErrors(validate: SchemaCheck, value: Record<string, unknown>, specs: Record<string, FieldSpec>): FieldErrors {
  const errors: FieldErrors = {};
  if (validate(value)) return errors;
  for (const e of validate.errors ?? []) {
    const name = e.instancePath.split('/')[1] ?? '';
    const spec = specs[name];
    if (spec && !errors[name]) errors[name] = kindError(spec, e.keyword);
  }
  // A failure the specs cannot place still must not be accepted.
  if (!Object.keys(errors).length) errors[''] = { key: 'staff.error.formRejected' };
  return errors;
}

/** Field errors that the registry's own rules returned (`extensions.errors[].field`). */
export function ruleErrors(error: AppError, byRule: (code: string, field: string) => FieldError | undefined): FieldErrors {
  const list = (error.extensions?.errors ?? []) as { field?: unknown; code?: unknown }[];
  const errors: FieldErrors = {};
  for (const e of Array.isArray(list) ? list : []) {
    const field = typeof e.field === 'string' ? e.field : '';
    const found = byRule(String(e.code ?? error.code), field);
    if (found && !errors[field]) errors[field] = found;
  }
  return errors;
}
