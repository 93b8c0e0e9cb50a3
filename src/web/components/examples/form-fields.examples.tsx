import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { CheckboxGroup, Select, TextInput, Textarea } from '../form-fields.tsx';

// Sample content in both languages, written here rather than in a bundle: it is not shown to the public.
const say = (i18n: I18n, fa: string, en: string) => (i18n.locale === 'fa' ? fa : en);

const channelOptions = (i18n: I18n) => [
  { value: 'web', label: say(i18n, 'وب', 'Web') },
  { value: 'mobile', label: say(i18n, 'تلفن همراه', 'Mobile') },
  { value: 'counter', label: say(i18n, 'باجه', 'Counter') },
];

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'text input with hint',
    render: (i18n) => (
      <TextInput i18n={i18n} id="ex-url" name="url" type="url" dir="ltr" label={say(i18n, 'نشانی دسترسی', 'Access address')} hint={say(i18n, 'با https:// شروع می‌شود', 'Starts with https://')} optional value="https://agency.example/start" />
    ),
  },
  {
    name: 'text input with error',
    render: (i18n) => (
      <TextInput i18n={i18n} id="ex-fee" name="fee" inputMode="numeric" size={12} label={say(i18n, 'هزینه (ریال)', 'Fee (rials)')} value="abc" error={say(i18n, 'هزینه باید یک عدد صحیح باشد', 'The fee must be a whole number')} />
    ),
  },
  {
    name: 'textarea in the other script',
    render: (i18n) => (
      <Textarea i18n={i18n} id="ex-desc" name="desc" dir="ltr" lang="en" label={say(i18n, 'شرح به انگلیسی', 'Description in English')} optional value="Issue a duplicate birth certificate." rows={3} />
    ),
  },
  {
    name: 'select',
    render: (i18n) => (
      <Select
        i18n={i18n}
        id="ex-status"
        name="status"
        label={say(i18n, 'وضعیت ارائه', 'Delivery status')}
        value="listed"
        options={[
          { value: 'not_in_window', label: say(i18n, 'خارج از پنجره', 'Not in the window') },
          { value: 'listed', label: say(i18n, 'معرفی‌شده در پنجره', 'Listed in the window') },
          { value: 'delivered', label: say(i18n, 'ارائه‌شده در پنجره', 'Delivered through the window') },
        ]}
      />
    ),
  },
  {
    name: 'select with an empty choice and an error',
    render: (i18n) => (
      <Select i18n={i18n} id="ex-kind" name="kind" label={say(i18n, 'نوع دستگاه', 'Kind of agency')} value="" emptyLabel={say(i18n, 'انتخاب کنید', 'Choose')} options={[{ value: 'ministry', label: say(i18n, 'وزارتخانه', 'Ministry') }]} error={say(i18n, 'نوع دستگاه را انتخاب کنید', 'Select the kind of agency')} />
    ),
  },
  {
    name: 'checkbox group',
    render: (i18n) => <CheckboxGroup i18n={i18n} id="ex-channels" name="channels" label={say(i18n, 'مجاری ارائه', 'Channels')} hint={say(i18n, 'همه موارد مرتبط را انتخاب کنید', 'Select all that apply')} optional values={['web']} options={channelOptions(i18n)} />,
  },
  {
    name: 'checkbox group with error',
    render: (i18n) => <CheckboxGroup i18n={i18n} id="ex-channels-err" name="channels" label={say(i18n, 'مجاری ارائه', 'Channels')} values={[]} options={channelOptions(i18n)} error={say(i18n, 'دست‌کم یک مجرا را انتخاب کنید', 'Select at least one channel')} />,
  },
];
