/**
 * Synthetic foreign residents, known to the reference civil registry by their comprehensive
 * foreign-national identifier («شناسه فراگیر اتباع خارجی», FIDA): twelve digits, no leading
 * zero. Like the population of national codes, nothing is stored: a person is derived from
 * their identifier. Identifiers starting with 9 are unknown, so demos and tests have a
 * well-formed identifier that gets 404.
 */
import { dayOfYear } from './dates.ts';
import { femaleFirstNames, lastNames, maleFirstNames, type Bilingual, type Label } from './names.ts';
import { seeded } from './seed.ts';

export const FOREIGN_ID = /^[1-8][0-9]{11}$/;
export const UNKNOWN_FOREIGN_PREFIX = '9';

export interface ForeignNational {
  foreignNationalId: string;
  firstName: Bilingual;
  lastName: Bilingual;
  nationality: Label;
  /** ISO `YYYY-MM-DD`. */
  birthDate: string;
  alive: boolean;
}

const nationalities: readonly Label[] = [
  { code: 'AF', fa: 'افغانستان', en: 'Afghanistan' },
  { code: 'IQ', fa: 'عراق', en: 'Iraq' },
  { code: 'PK', fa: 'پاکستان', en: 'Pakistan' },
  { code: 'TJ', fa: 'تاجیکستان', en: 'Tajikistan' },
];

export const isForeignId = (id: string) => /^[0-9]{12}$/.test(id) && !/^(\d)\1+$/.test(id) && id[0] !== '0';

export function findForeignNational(id: string): ForeignNational | undefined {
  if (!FOREIGN_ID.test(id) || !isForeignId(id)) return undefined;
  const s = seeded('foreign-national', id);
  const male = s.chance(0.5);
  return {
    foreignNationalId: id,
    firstName: s.pick(male ? maleFirstNames : femaleFirstNames),
    lastName: s.pick(lastNames),
    nationality: s.pick(nationalities),
    birthDate: dayOfYear(s.between(1955, 2006), s.int(365)),
    alive: s.chance(0.98),
  };
}
