import type { ErrorSummaryItem } from '../components/error-summary.tsx';
import type { I18n } from '../i18n/translate.ts';
import type { FieldErrors, FieldSpec } from './form-values.ts';

/** The message for one field, with its label filled in. */
export function fieldMessage(i18n: I18n, errors: FieldErrors, name: string, specs: Record<string, FieldSpec>): string | undefined {
  const e = errors[name];
  if (!e) return undefined;
  const spec = specs[name];
  return i18n.t(e.key, { field: spec ? i18n.t(spec.label) : '', ...e.params });
}

/** Error summary items in the order of the form; problems without a field come first. */
export function summaryItems(i18n: I18n, errors: FieldErrors, specs: Record<string, FieldSpec>, formErrors: string[] = []): ErrorSummaryItem[] {
  const unplaced = Object.keys(errors).filter((name) => !specs[name]);
  return [
    ...formErrors.map((text) => ({ text })),
    ...unplaced.map((name) => ({ text: fieldMessage(i18n, errors, name, specs)! })),
    ...Object.entries(specs)
      .filter(([name]) => errors[name])
      .map(([name, spec]) => ({ fieldId: spec.id, text: fieldMessage(i18n, errors, name, specs)! })),
  ];
}
