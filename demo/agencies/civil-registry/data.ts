/**
 * What the reference civil registry answers, derived from the synthetic population.
 *
 * Guardianship follows a simplified version of Iranian law, enough for the "act for a minor"
 * profile: a living child under 18 is the ward of its father (natural guardian, ولی قهری);
 * when the father has died, of its mother as appointed guardian (قیم). Grandfathers and court
 * appointments of others are not modelled.
 */
import { ageOn, addYears, persianDate } from '../shared/dates.ts';
import type { Bilingual, Label } from '../shared/names.ts';
import { familyOf, findPerson, type Person } from '../shared/population.ts';

export const AGE_OF_MAJORITY = 18;

export interface PersonRecord {
  nationalCode: string;
  firstName: Bilingual;
  lastName: Bilingual;
  fatherName: Bilingual;
  gender: Label;
  /** ISO `YYYY-MM-DD`. */
  birthDate: string;
  /** The same day in the Persian calendar, as a person reads it. */
  birthDatePersian: string;
  alive: boolean;
}

export interface Relation {
  nationalCode: string;
  fullName: Bilingual;
  relation: Label;
  kind: Label;
  /** The ward's 18th birthday, when the guardianship ends by law. */
  until: string;
}

export interface GuardianshipRecord {
  nationalCode: string;
  guardians: Relation[];
  wards: Relation[];
}

const genders: Record<Person['gender'], Label> = {
  male: { code: 'male', fa: 'مرد', en: 'male' },
  female: { code: 'female', fa: 'زن', en: 'female' },
};

const relations = {
  father: { code: 'father', fa: 'پدر', en: 'father' },
  mother: { code: 'mother', fa: 'مادر', en: 'mother' },
  son: { code: 'son', fa: 'پسر', en: 'son' },
  daughter: { code: 'daughter', fa: 'دختر', en: 'daughter' },
} satisfies Record<string, Label>;

const kinds = {
  natural: { code: 'natural-guardian', fa: 'ولی قهری', en: 'natural guardian' },
  appointed: { code: 'appointed-guardian', fa: 'قیم', en: 'appointed guardian' },
} satisfies Record<string, Label>;

const fullName = (p: Person): Bilingual => ({ fa: `${p.firstName.fa} ${p.lastName.fa}`, en: `${p.firstName.en} ${p.lastName.en}` });

export function personRecord(nationalCode: string): PersonRecord | undefined {
  const p = findPerson(nationalCode);
  if (!p) return undefined;
  return {
    nationalCode,
    firstName: p.firstName,
    lastName: p.lastName,
    fatherName: p.fatherName,
    gender: genders[p.gender],
    birthDate: p.birthDate,
    birthDatePersian: persianDate(p.birthDate),
    alive: p.alive,
  };
}

/** The guardian of a child on `today`, with the kind of guardianship, if any. */
function guardianOf(child: Person, today: string): { guardian: Person; kind: Label } | undefined {
  if (child.role !== 'child' || !child.alive || ageOn(child.birthDate, today) >= AGE_OF_MAJORITY) return undefined;
  const family = familyOf(child);
  const father = family && findPerson(family.father);
  if (father?.alive) return { guardian: father, kind: kinds.natural };
  const mother = family && findPerson(family.mother);
  if (mother?.alive) return { guardian: mother, kind: kinds.appointed };
  return undefined;
}

export function guardianshipRecord(nationalCode: string, today: string): GuardianshipRecord | undefined {
  const person = findPerson(nationalCode);
  if (!person) return undefined;
  const guardians: Relation[] = [];
  const wards: Relation[] = [];
  const mine = guardianOf(person, today);
  if (mine) {
    const relation = mine.guardian.gender === 'male' ? relations.father : relations.mother;
    guardians.push({ nationalCode: mine.guardian.nationalCode, fullName: fullName(mine.guardian), relation, kind: mine.kind, until: addYears(person.birthDate, AGE_OF_MAJORITY) });
  }
  const family = familyOf(person);
  if (family && (person.role === 'father' || person.role === 'mother')) {
    for (const code of family.children) {
      const child = findPerson(code);
      const link = child && guardianOf(child, today);
      if (!child || !link || link.guardian.nationalCode !== nationalCode) continue;
      const relation = child.gender === 'male' ? relations.son : relations.daughter;
      wards.push({ nationalCode: code, fullName: fullName(child), relation, kind: link.kind, until: addYears(child.birthDate, AGE_OF_MAJORITY) });
    }
  }
  return { nationalCode, guardians, wards };
}
