import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { SearchBox } from '../search-box.tsx';

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  { name: 'empty, on the home page', render: (i18n) => <SearchBox i18n={i18n} id="example-q1" prominent /> },
  {
    name: 'with words and filters carried along',
    render: (i18n) => <SearchBox i18n={i18n} id="example-q2" value={i18n.locale === 'fa' ? 'گذرنامه' : 'passport'} hidden={[['topic', 'travel'], ['delivery', 'delivered']]} />,
  },
];
