import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { Highlight } from '../highlight.tsx';
import { ResultList } from '../result-list.tsx';
import { DeliveryTag, MaturityTag } from '../tag.tsx';

const services = [
  {
    id: 'IR-01000001-22',
    fa: { name: 'استعلام سطح سواد', agency: 'نهضت سوادآموزی', description: 'گواهی سطح سواد برای استخدام و ادامه تحصیل.', marks: [[0, 7]] as [number, number][] },
    en: { name: 'Literacy level inquiry', agency: 'Literacy Movement Organisation', description: 'A certificate of literacy level for employment and further study.', marks: [[15, 22]] as [number, number][] },
    maturity: 4 as const,
    delivery: 'delivered' as const,
  },
  {
    id: 'IR-01000002-95',
    fa: { name: 'صدور کارت بیمه', agency: 'سازمان بیمه سلامت', description: 'درخواست صدور کارت بیمه برای خانواده.', marks: [] as [number, number][] },
    en: { name: 'Insurance card issuance', agency: 'Health Insurance Organisation', description: 'Request an insurance card for a family.', marks: [] as [number, number][] },
    maturity: 1 as const,
    delivery: 'listed' as const,
  },
];

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'two results, one with a highlighted match',
    render: (i18n) => (
      <section aria-labelledby={`results-example-${i18n.locale}`}>
        <h2 id={`results-example-${i18n.locale}`}>{i18n.locale === 'fa' ? '۲ خدمت' : '2 services'}</h2>
        <ResultList
          items={services.map((s) => {
            const text = s[i18n.locale];
            return {
              key: s.id,
              href: `/services/${s.id}`,
              title: <Highlight text={text.name} ranges={text.marks} />,
              meta: (
                <>
                  {text.agency} · <span dir="ltr">{s.id}</span>
                </>
              ),
              description: text.description,
              tags: (
                <>
                  <DeliveryTag i18n={i18n} status={s.delivery} /> <MaturityTag i18n={i18n} level={s.maturity} />
                </>
              ),
            };
          })}
        />
      </section>
    ),
  },
];
