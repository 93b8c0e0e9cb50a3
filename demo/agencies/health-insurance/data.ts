/**
 * What the reference Iran Health Insurance Organization answers: whether a person's insurance
 * booklet is valid today, until when, and which fund covers them.
 *
 * About one person in ten has no booklet here (insured by another organisation), which gives
 * demos a realistic 404 for a person the civil registry knows. Validity ends on the last day of
 * a month placed relative to today, so roughly one in five booklets has lapsed whatever the date.
 */
import { endOfMonth, persianDate } from '../shared/dates.ts';
import type { Label } from '../shared/names.ts';
import { findPerson } from '../shared/population.ts';
import { seeded } from '../shared/seed.ts';

export const insuranceFunds: readonly Label[] = [
  { code: 'universal', fa: 'صندوق بیمه همگانی', en: 'Universal Health Insurance Fund' },
  { code: 'rural-nomadic', fa: 'صندوق بیمه روستاییان و عشایر', en: 'Rural and Nomadic Insurance Fund' },
  { code: 'government-employees', fa: 'صندوق بیمه کارکنان دولت', en: 'Government Employees Insurance Fund' },
  { code: 'iranians', fa: 'صندوق بیمه ایرانیان', en: 'Iranians Insurance Fund' },
  { code: 'other-groups', fa: 'صندوق بیمه سایر اقشار', en: 'Other Groups Insurance Fund' },
];

export interface BookletValidity {
  nationalCode: string;
  bookletNumber: string;
  valid: boolean;
  /** ISO date, last day of cover. */
  validUntil: string;
  validUntilPersian: string;
  fund: Label;
}

export function bookletValidity(nationalCode: string, today: string): BookletValidity | undefined {
  const person = findPerson(nationalCode);
  if (!person) return undefined;
  const s = seeded('health-insurance', nationalCode);
  if (s.chance(0.1)) return undefined;
  const validUntil = endOfMonth(today, s.between(-6, 24));
  return {
    nationalCode,
    bookletNumber: `${s.between(1, 9)}${s.digits(9)}`,
    // Cover ends with death whatever the paid-up date says.
    valid: person.alive && validUntil >= today,
    validUntil,
    validUntilPersian: persianDate(validUntil),
    fund: s.pick(insuranceFunds),
  };
}
