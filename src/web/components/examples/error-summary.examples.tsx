import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { ErrorSummary } from '../error-summary.tsx';
import { TextInput } from '../form-fields.tsx';

// Sample content in both languages, written here rather than in a bundle: it is not shown to the public.
const say = (i18n: I18n, fa: string, en: string) => (i18n.locale === 'fa' ? fa : en);

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'error summary linking to fields',
    render: (i18n) => (
      <form method="post" action="#" noValidate>
        <ErrorSummary
          i18n={i18n}
          errors={[
            { fieldId: 'ex-name', text: say(i18n, 'نام خدمت به فارسی را وارد کنید', 'Enter the service name in Persian') },
            { fieldId: 'ex-sla', text: say(i18n, 'مهلت انجام باید یک عدد صحیح باشد، مثلاً ۱۰', 'The service level must be a whole number, like 10') },
          ]}
        />
        <TextInput i18n={i18n} id="ex-name" name="name" label={say(i18n, 'نام خدمت به فارسی', 'Service name in Persian')} value="" error={say(i18n, 'نام خدمت به فارسی را وارد کنید', 'Enter the service name in Persian')} />
        <TextInput i18n={i18n} id="ex-sla" name="sla" label={say(i18n, 'مهلت انجام (روز کاری)', 'Service level (working days)')} value="ten" inputMode="numeric" size={6} error={say(i18n, 'مهلت انجام باید یک عدد صحیح باشد، مثلاً ۱۰', 'The service level must be a whole number, like 10')} />
      </form>
    ),
  },
  {
    name: 'error summary with a problem of the whole form',
    render: (i18n) => (
      <ErrorSummary i18n={i18n} errors={[{ text: say(i18n, 'این خدمت از زمانی که آن را باز کردید تغییر کرده است.', 'This service was changed since you opened it.') }]} />
    ),
  },
  {
    name: 'no errors renders nothing',
    render: (i18n) => <div>{ErrorSummary({ i18n, errors: [] })}</div>,
  },
];
