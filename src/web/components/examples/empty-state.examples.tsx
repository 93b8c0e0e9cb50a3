import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { EmptyState } from '../empty-state.tsx';

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'no search results',
    render: (i18n) => (
      <EmptyState title={i18n.t('components.examples.empty.title')}>
        <p>{i18n.t('components.examples.empty.body')}</p>
        <p>
          <a href="/services">{i18n.t('components.facets.clear')}</a>
        </p>
      </EmptyState>
    ),
  },
];
