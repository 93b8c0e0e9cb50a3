import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { Pagination } from '../pagination.tsx';

const href = (page: number) => `/services?q=permit&page=${page}`;

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  { name: 'first of three pages', render: (i18n) => <div><Pagination i18n={i18n} page={1} pages={3} href={href} /></div> },
  { name: 'in the middle of many pages', render: (i18n) => <div><Pagination i18n={i18n} page={12} pages={413} href={href} /></div> },
  { name: 'last page', render: (i18n) => <div><Pagination i18n={i18n} page={7} pages={7} href={href} /></div> },
];
