export interface SummaryCard {
  /** The figure, already formatted for the reader's locale. */
  value: string;
  label: string;
  /** A short qualifier under the label, e.g. "96% of eligible agencies". */
  hint?: string;
}

export interface SummaryCardsProps {
  cards: readonly SummaryCard[];
  /** Names the group for assistive technology when no heading right above does. */
  label?: string;
}

/** Headline figures: a large value over its label, as a list so their number is announced. */
export function SummaryCards({ cards, label }: SummaryCardsProps) {
  return (
    <ul class="cards" aria-label={label}>
      {cards.map((c) => (
        <li class="card" key={c.label}>
          <span class="card-value">{c.value}</span>
          <span class="card-label">{c.label}</span>
          {c.hint ? <span class="card-hint">{c.hint}</span> : null}
        </li>
      ))}
    </ul>
  );
}
