import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { Highlight } from '../highlight.tsx';

const fa = 'استعلام سطح سواد';
const en = 'Literacy level inquiry';

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'one word matched',
    render: (i18n) => <p>{i18n.locale === 'fa' ? <Highlight text={fa} ranges={[[0, 7]]} /> : <Highlight text={en} ranges={[[0, 8]]} />}</p>,
  },
  {
    name: 'markup in the text stays text',
    render: () => (
      <p lang="en" dir="ltr">
        <Highlight text="<b>not bold</b> & more" ranges={[[3, 6]]} />
      </p>
    ),
  },
  {
    name: 'nothing matched',
    render: (i18n) => <p><Highlight text={i18n.locale === 'fa' ? fa : en} /></p>,
  },
];
