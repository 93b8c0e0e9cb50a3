import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { SummaryCards } from '../summary-cards.tsx';

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'summary cards',
    render: (i18n) => (
      <SummaryCards
        label={i18n.t('components.example.timeline')}
        cards={[
          { value: i18n.n(142), label: i18n.t('components.example.eligible') },
          { value: i18n.n(137), label: i18n.t('components.example.cumulative'), hint: i18n.t('components.example.ofEligible', { share: i18n.pct(137 / 142) }) },
          { value: i18n.n(5), label: i18n.t('components.example.notConnected') },
        ]}
      />
    ),
  },
];
