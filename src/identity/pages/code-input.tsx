import type { I18n } from '../../web/i18n/translate.ts';
import { TextInput } from '../../web/components/form-fields.tsx';

/**
 * Where a person types a one-time code: left to right inside Persian pages, a number pad on
 * phones, and the phone's offer to fill in a code it just received (`one-time-code`).
 * `digitsOnly` is false where a recovery code (letters and digits) is accepted too.
 */
export function CodeInput({ i18n, id = 'code', label, hint, error, digitsOnly = true }: { i18n: I18n; id?: string; label: string; hint?: string; error?: string; digitsOnly?: boolean }) {
  return (
    <TextInput
      i18n={i18n}
      id={id}
      name="code"
      value=""
      dir="ltr"
      inputMode={digitsOnly ? 'numeric' : undefined}
      autoComplete="one-time-code"
      spellCheck={false}
      size={digitsOnly ? 8 : 16}
      label={label}
      hint={hint}
      error={error}
    />
  );
}
