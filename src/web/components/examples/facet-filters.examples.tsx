import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { topics } from '../../../core/taxonomy.ts';
import { deliveryStatusNames } from '../../../core/maturity.ts';
import { FacetFilters } from '../facet-filters.tsx';

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'topic and delivery status, one ticked',
    render: (i18n) => (
      <FacetFilters
        i18n={i18n}
        action="/services"
        hidden={[['q', i18n.locale === 'fa' ? 'بیمه' : 'insurance']]}
        clearHref="/services?q=insurance"
        groups={[
          {
            name: 'topic',
            legend: i18n.locale === 'fa' ? 'موضوع' : 'Topic',
            options: [
              { value: 'health', label: topics.health[i18n.locale], count: 42, checked: true },
              { value: 'welfare', label: topics.welfare[i18n.locale], count: 17, checked: false },
              { value: 'employment', label: topics.employment[i18n.locale], count: 3, checked: false },
            ],
          },
          {
            name: 'delivery',
            legend: i18n.locale === 'fa' ? 'وضعیت ارائه' : 'Delivery status',
            options: [
              { value: 'delivered', label: deliveryStatusNames.delivered[i18n.locale], count: 38, checked: false },
              { value: 'listed', label: deliveryStatusNames.listed[i18n.locale], count: 4, checked: false },
            ],
          },
        ]}
      />
    ),
  },
];
