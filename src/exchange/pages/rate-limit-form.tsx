import type { I18n } from '../../web/i18n/translate.ts';
import { TextInput } from '../../web/components/form-fields.tsx';
import { fieldMessage, one, wholeNumber, kindError, type FieldErrors, type FieldSpec, type FormBody } from '../../web/forms/index.ts';
import type { AppError } from '../../core/errors.ts';
import type { OwnLimit } from '../model.ts';
import type { OwnRateLimit } from '../admin/schemas.ts';
import { checkRateLimit } from '../admin/rules.ts';
import { CsrfInput } from './common.tsx';
import { ok, placeRuleErrors, type Parsed } from './forms.ts';

/**
 * The console's form for an own rate limit: a consumer subsystem's (the operator's) and an access
 * right's quota (the provider's or the operator's). Both empty removes the own limit.
 */
export interface RateLimitForm {
  rateLimitPerSecond: string;
  rateLimitBurst: string;
}

export const rateLimitFields: Record<keyof RateLimitForm, FieldSpec> = {
  rateLimitPerSecond: { id: 'limit-rateLimitPerSecond', label: 'exchange.service.rateLimitPerSecond', kind: 'number', min: 1, max: 1_000_000 },
  rateLimitBurst: { id: 'limit-rateLimitBurst', label: 'exchange.service.rateLimitBurst', kind: 'number', min: 1, max: 1_000_000 },
};

export const rateLimitFormOf = (own: OwnLimit): RateLimitForm => ({
  rateLimitPerSecond: own.rateLimitPerSecond === null ? '' : String(own.rateLimitPerSecond),
  rateLimitBurst: own.rateLimitBurst === null ? '' : String(own.rateLimitBurst),
});

export const rateLimitFormFromBody = (b: FormBody): RateLimitForm => ({ rateLimitPerSecond: one(b, 'rateLimitPerSecond'), rateLimitBurst: one(b, 'rateLimitBurst') });

export function rateLimitInputOf(form: RateLimitForm, versionText: string): Parsed<OwnRateLimit> {
  const errors: FieldErrors = {};
  const number = (field: keyof RateLimitForm) => {
    const spec = rateLimitFields[field];
    const n = wholeNumber(form[field]);
    if (n !== null && Number.isNaN(n)) errors[field] = kindError(spec, 'type');
    else if (n !== null && (n < spec.min! || n > spec.max!)) errors[field] = kindError(spec, 'minimum');
    return n;
  };
  const rateLimitPerSecond = number('rateLimitPerSecond');
  const rateLimitBurst = number('rateLimitBurst');
  if (!errors.rateLimitBurst && checkRateLimit(rateLimitPerSecond, rateLimitBurst)) errors.rateLimitBurst = { key: 'exchange.error.burstNeedsRate' };
  if (Object.keys(errors).length) return { ok: false, errors };
  return ok({ rateLimitPerSecond, rateLimitBurst, ...(/^\d{1,9}$/.test(versionText) && Number(versionText) > 0 ? { version: Number(versionText) } : {}) });
}

/** The service layer's refusal of a burst without a rate, on the burst field. */
export const rateLimitRuleErrors = (error: AppError): FieldErrors => placeRuleErrors(error, { rateLimitBurst: 'rateLimitBurst' }, () => ({ key: 'exchange.error.burstNeedsRate' }));

/** An own limit as people read it: "20 calls/s, 40 at once", or what applies without one. */
export function ownLimitText(i18n: I18n, own: OwnLimit, without: string): string {
  if (own.rateLimitPerSecond === null) return without;
  return i18n.t('exchange.limit.value', { rate: i18n.n(own.rateLimitPerSecond), burst: i18n.n(own.rateLimitBurst ?? 2 * own.rateLimitPerSecond) });
}

/** The form itself, posted to `action` with the record's version. */
export function RateLimitFieldset(props: { i18n: I18n; action: string; csrfToken: string | undefined; version: number; legend: string; hint: string; form: RateLimitForm; errors: FieldErrors }) {
  const { i18n, form, errors } = props;
  const { t } = i18n;
  const field = (f: keyof RateLimitForm) => ({ i18n, id: rateLimitFields[f].id, name: f, label: t(rateLimitFields[f].label), error: fieldMessage(i18n, errors, f, rateLimitFields) });
  return (
    <form method="post" action={props.action} class="staff-form" noValidate>
      <CsrfInput token={props.csrfToken ?? ''} />
      <input type="hidden" name="version" value={String(props.version)} />
      <fieldset>
        <legend>{props.legend}</legend>
        <p class="hint">{props.hint}</p>
        <TextInput {...field('rateLimitPerSecond')} optional hint={t('exchange.service.rateLimitPerSecondHint')} inputMode="numeric" size={8} value={form.rateLimitPerSecond} dir="ltr" spellCheck={false} />
        <TextInput {...field('rateLimitBurst')} optional hint={t('exchange.service.rateLimitBurstHint')} inputMode="numeric" size={8} value={form.rateLimitBurst} dir="ltr" spellCheck={false} />
        <button type="submit">{t('exchange.limit.save')}</button>
      </fieldset>
    </form>
  );
}
