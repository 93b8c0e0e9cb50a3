/**
 * What the reference Literacy Movement answers: a person's literacy level and when it was
 * certified. Older generations are drawn with lower levels, so the demo data looks plausible;
 * a level whose certification date would still be in the future reads as `none` until then.
 */
import { addDays, addYears } from '../shared/dates.ts';
import type { Label } from '../shared/names.ts';
import { findPerson } from '../shared/population.ts';
import { seeded } from '../shared/seed.ts';

export const literacyLevels = {
  none: { code: 'none', fa: 'بی‌سواد', en: 'not literate' },
  basic: { code: 'basic', fa: 'دوره سوادآموزی پایه', en: 'basic literacy course' },
  complementary: { code: 'complementary', fa: 'دوره تکمیلی', en: 'complementary course' },
  completed: { code: 'completed', fa: 'دوره پایانی (معادل پایان ابتدایی)', en: 'final course (primary-school equivalent)' },
} satisfies Record<string, Label>;

export type LiteracyLevel = keyof typeof literacyLevels;

export interface LiteracyRecord {
  nationalCode: string;
  level: Label;
  /** ISO date the level was certified; null for `none`. */
  certifiedOn: string | null;
}

/** Cumulative thresholds (per mille) for none, basic, complementary; the rest is completed. */
const OLDER = [250, 450, 600] as const;
const YOUNGER = [50, 100, 150] as const;

export function literacyRecord(nationalCode: string, today: string): LiteracyRecord | undefined {
  const person = findPerson(nationalCode);
  if (!person) return undefined;
  const s = seeded('literacy', nationalCode);
  const draw = s.int(1000);
  const [none, basic, complementary] = Number(person.birthDate.slice(0, 4)) < 1970 ? OLDER : YOUNGER;
  const level: LiteracyLevel = draw < none ? 'none' : draw < basic ? 'basic' : draw < complementary ? 'complementary' : 'completed';
  const certifiedOn = addDays(addYears(person.birthDate, s.between(10, 35)), s.int(365));
  if (level === 'none' || certifiedOn > today) return { nationalCode, level: literacyLevels.none, certifiedOn: null };
  return { nationalCode, level: literacyLevels[level], certifiedOn };
}
