/**
 * The synthetic population every reference agency sees, so their answers agree with each other
 * (the civil registry's names and birth dates are the ones the other agencies use).
 *
 * Families are encoded in the national code itself, which keeps the data storage-free yet
 * consistent in both directions (a child names its guardian, the guardian names the child):
 * - the first 8 digits are a family key; digit 9 (index 8) is the slot within the family;
 * - slot 0 is the father, slot 1 the mother, slots 2.. are children (0–4 per family, a
 *   property of the family key); every other slot is an adult with no family in this data;
 * - codes starting with `000` (no registration office uses that prefix) are unknown persons,
 *   so demos and tests have a well-formed code that gets 404 everywhere.
 */
import { seeded } from './seed.ts';
import { withNationalCodeCheckDigit } from './national-code.ts';
import { dayOfYear } from './dates.ts';
import { femaleFirstNames, lastNames, maleFirstNames, type Bilingual } from './names.ts';

export type Gender = 'male' | 'female';
export type FamilyRole = 'father' | 'mother' | 'child' | 'single';

export interface Person {
  nationalCode: string;
  role: FamilyRole;
  gender: Gender;
  firstName: Bilingual;
  lastName: Bilingual;
  fatherName: Bilingual;
  /** ISO date. */
  birthDate: string;
  alive: boolean;
}

export interface Family {
  father: string;
  mother: string;
  children: string[];
}

export const UNKNOWN_PREFIX = '000';

interface FamilyTraits {
  surname: Bilingual;
  fatherFirstName: Bilingual;
  fatherBirthYear: number;
  motherBirthYear: number;
  childCount: number;
}

function traits(familyKey: string): FamilyTraits {
  const s = seeded('family', familyKey);
  const fatherBirthYear = s.between(1958, 1988);
  return {
    surname: s.pick(lastNames),
    fatherFirstName: s.pick(maleFirstNames),
    fatherBirthYear,
    // Mothers are a little younger on average; capped so the youngest child is born by 2023.
    motherBirthYear: Math.min(fatherBirthYear + s.between(-2, 6), 1990),
    childCount: s.int(5),
  };
}

function memberCode(familyKey: string, slot: number): string {
  return withNationalCodeCheckDigit(familyKey + String(slot));
}

function roleOf(slot: number, childCount: number): FamilyRole {
  if (slot === 0) return 'father';
  if (slot === 1) return 'mother';
  return slot - 2 < childCount ? 'child' : 'single';
}

/** The person a valid national code belongs to, or undefined when it is unknown. */
export function findPerson(nationalCode: string): Person | undefined {
  if (nationalCode.startsWith(UNKNOWN_PREFIX)) return undefined;
  const familyKey = nationalCode.slice(0, 8);
  const slot = Number(nationalCode[8]);
  const family = traits(familyKey);
  const own = seeded('person', nationalCode);
  const role = roleOf(slot, family.childCount);
  const ownFatherName = own.pick(maleFirstNames);
  const base = { nationalCode, role };
  switch (role) {
    case 'father':
      return { ...base, gender: 'male', firstName: family.fatherFirstName, lastName: family.surname, fatherName: ownFatherName, birthDate: dayOfYear(family.fatherBirthYear, own.int(365)), alive: own.chance(0.9) };
    case 'mother':
      // Iranian women keep their own surname on marriage.
      return { ...base, gender: 'female', firstName: own.pick(femaleFirstNames), lastName: own.pick(lastNames), fatherName: ownFatherName, birthDate: dayOfYear(family.motherBirthYear, own.int(365)), alive: own.chance(0.93) };
    case 'child': {
      const gender: Gender = own.chance(0.5) ? 'male' : 'female';
      const year = family.motherBirthYear + 22 + (slot - 2) * 3 + own.int(3);
      return { ...base, gender, firstName: own.pick(gender === 'male' ? maleFirstNames : femaleFirstNames), lastName: family.surname, fatherName: family.fatherFirstName, birthDate: dayOfYear(year, own.int(365)), alive: own.chance(0.99) };
    }
    case 'single': {
      const gender: Gender = own.chance(0.5) ? 'male' : 'female';
      return { ...base, gender, firstName: own.pick(gender === 'male' ? maleFirstNames : femaleFirstNames), lastName: own.pick(lastNames), fatherName: ownFatherName, birthDate: dayOfYear(own.between(1945, 2005), own.int(365)), alive: own.chance(0.95) };
    }
  }
}

/** The family a person belongs to, or undefined for an adult with no family in this data. */
export function familyOf(person: Person): Family | undefined {
  if (person.role === 'single') return undefined;
  const familyKey = person.nationalCode.slice(0, 8);
  const { childCount } = traits(familyKey);
  return {
    father: memberCode(familyKey, 0),
    mother: memberCode(familyKey, 1),
    children: Array.from({ length: childCount }, (_, i) => memberCode(familyKey, i + 2)),
  };
}
