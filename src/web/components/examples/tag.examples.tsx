import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { maturityLevels, deliveryStatuses } from '../../../core/maturity.ts';
import { DeliveryTag, MaturityTag } from '../tag.tsx';

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'every maturity level',
    render: (i18n) => (
      <ul>
        {maturityLevels.map((level) => (
          <li key={level}>
            <MaturityTag i18n={i18n} level={level} />
          </li>
        ))}
      </ul>
    ),
  },
  {
    name: 'every delivery status',
    render: (i18n) => (
      <ul>
        {deliveryStatuses.map((status) => (
          <li key={status}>
            <DeliveryTag i18n={i18n} status={status} />
          </li>
        ))}
      </ul>
    ),
  },
];
