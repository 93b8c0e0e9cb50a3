import type { Locale } from './locale.ts';

const collators = new Map<Locale, Intl.Collator>();

/**
 * Compares names as a reader of this language expects: Persian collation for fa (گ before ل,
 * چ before ح, پ right after ب — code-point order gets all three wrong), English for en.
 * Every list or select of names on a page sorts with it.
 */
export function compareNames(locale: Locale): (a: string, b: string) => number {
  let collator = collators.get(locale);
  if (!collator) collators.set(locale, (collator = new Intl.Collator(locale)));
  return collator.compare;
}

/** Sorts things by their name in the reader's language (a copy; ties keep their order). */
export function sortByName<T>(locale: Locale, items: readonly T[], name: (item: T) => string): T[] {
  const compare = compareNames(locale);
  return [...items].sort((a, b) => compare(name(a), name(b)));
}
