import type { ComponentChildren } from 'preact';

export interface ResultItem {
  key: string;
  href: string;
  title: ComponentChildren;
  /** A second name, e.g. in the other language when the words matched there; with its language. */
  alternateTitle?: { text: ComponentChildren; lang: string };
  meta?: ComponentChildren;
  description?: ComponentChildren;
  /** The description's language when it is not the page's (the words matched only there). */
  descriptionLang?: string;
  tags?: ComponentChildren;
}

export interface ResultListProps {
  items: ResultItem[];
  /** Each result's heading level, one below the heading that announces the results. */
  headingLevel?: 2 | 3;
  /** Where the first item is in the whole list (0 on the first page), so numbering continues. */
  start?: number;
}

/** Text in another language keeps that language's direction: Persian right to left, the others left to right. */
const directionOf = (lang: string | undefined) => (lang === undefined ? undefined : lang === 'fa' ? 'rtl' : 'ltr');

/** Search results: each a heading link, what it is and who provides it, and its status tags. */
export function ResultList({ items, headingLevel = 3, start = 0 }: ResultListProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol class="results" start={start + 1}>
      {items.map((item) => (
        <li key={item.key}>
          <Heading>
            <a href={item.href}>{item.title}</a>
          </Heading>
          {item.alternateTitle ? (
            <p class="meta alternate" lang={item.alternateTitle.lang} dir={directionOf(item.alternateTitle.lang)}>
              {item.alternateTitle.text}
            </p>
          ) : null}
          {item.meta ? <p class="meta">{item.meta}</p> : null}
          {item.description ? (
            <p lang={item.descriptionLang} dir={directionOf(item.descriptionLang)}>
              {item.description}
            </p>
          ) : null}
          {item.tags ? <p class="tags">{item.tags}</p> : null}
        </li>
      ))}
    </ol>
  );
}
