import type { I18n } from '../../web/i18n/translate.ts';
import { TextInput } from '../../web/components/form-fields.tsx';
import { maxPasswordLength, minPasswordLength } from '../credentials/index.ts';

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

/** The identifier a person signs in or resets with: a national code, or a foreign resident's identifier. */
export function IdentifierInput({ i18n, foreign, value, hint, error }: { i18n: I18n; foreign: boolean; value: string; hint?: string; error?: string }) {
  return (
    <TextInput
      i18n={i18n}
      id="identifier"
      name="identifier"
      value={value}
      dir="ltr"
      inputMode="numeric"
      autoComplete="username"
      spellCheck={false}
      size={18}
      label={i18n.t(foreign ? 'signIn.identifier.foreign' : 'signIn.identifier.national')}
      hint={hint}
      error={error}
    />
  );
}

/** A new password and its repetition, with the rules the policy applies (credentials/password-policy.ts). */
export function NewPasswordFields({ i18n, fieldError }: { i18n: I18n; fieldError: (id: string) => string | undefined }) {
  const { t } = i18n;
  return (
    <>
      <TextInput
        i18n={i18n}
        id="password"
        name="password"
        type="password"
        value=""
        autoComplete="new-password"
        spellCheck={false}
        label={t('reset.newPassword')}
        hint={t('security.password.rules', { min: i18n.n(minPasswordLength), max: i18n.n(maxPasswordLength) })}
        error={fieldError('password')}
      />
      <TextInput i18n={i18n} id="repeated" name="repeated" type="password" value="" autoComplete="new-password" spellCheck={false} label={t('reset.repeatPassword')} error={fieldError('repeated')} />
    </>
  );
}
