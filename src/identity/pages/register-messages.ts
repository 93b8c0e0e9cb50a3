import type { ErrorCode } from '../../core/errors.ts';
import type { MessageKey } from '../../web/i18n/translate.ts';

/** What a person reads for each refusal of registration, in their language. */
export const registrationErrorText: Partial<Record<ErrorCode, MessageKey>> = {
  REGISTRATION_IDENTIFIER_INVALID: 'identity.register.error.identifier',
  REGISTRATION_BIRTH_DATE_INVALID: 'identity.register.error.birth',
  REGISTRATION_MOBILE_INVALID: 'identity.register.error.mobile',
  REGISTRATION_NOT_MATCHED: 'identity.register.error.notMatched',
  REGISTRATION_MOBILE_NOT_OWNED: 'identity.register.error.mobileNotOwned',
  REGISTRATION_ACCOUNT_EXISTS: 'identity.register.error.accountExists',
  REGISTRATION_EXPIRED: 'identity.register.error.expired',
  REGISTRATION_FORM_FORGED: 'identity.register.error.forged',
  REGISTRY_UNAVAILABLE: 'identity.register.error.unavailable',
  RATE_LIMITED: 'identity.register.error.rateLimited',
  ONE_TIME_CODE_INVALID: 'identity.register.error.codeInvalid',
  ONE_TIME_CODE_EXPIRED: 'identity.register.error.codeExpired',
  ONE_TIME_CODE_TOO_MANY: 'identity.register.error.codeTooMany',
};

/** Persian (Solar Hijri) month names, in the order of the calendar. */
export const persianMonths = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'] as const;
export const gregorianMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
