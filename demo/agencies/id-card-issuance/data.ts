/**
 * What the reference smart national ID card issuance service answers: the card request of a
 * person and how far it has gone (requested → photographed → printed → ready for collection →
 * delivered), with the date of every stage reached.
 *
 * Requests are placed relative to today (1–400 days ago) so the demo always shows cards in
 * every stage; people under 15 (no card yet) and one in ten others have no request (404).
 */
import { addDays, ageOn, persianDate } from '../shared/dates.ts';
import type { Label } from '../shared/names.ts';
import { maskNationalCode } from '../shared/national-code.ts';
import { findPerson } from '../shared/population.ts';
import { seeded } from '../shared/seed.ts';
import { trackingNumberFor } from './tracking-number.ts';

export const MINIMUM_AGE = 15;

export const cardStatuses = [
  { code: 'requested', fa: 'ثبت درخواست', en: 'requested' },
  { code: 'photographed', fa: 'عکس‌برداری و ثبت اثر انگشت', en: 'photographed' },
  { code: 'printed', fa: 'چاپ کارت', en: 'printed' },
  { code: 'ready-for-collection', fa: 'آماده تحویل', en: 'ready for collection' },
  { code: 'delivered', fa: 'تحویل شده', en: 'delivered' },
] as const satisfies readonly Label[];

export interface StageReached {
  status: Label;
  date: string;
  datePersian: string;
}

export interface CardRequest {
  trackingNumber: string;
  /** Masked: a tracking number alone must not reveal whose card it is. */
  nationalCode: string;
  status: Label;
  /** Oldest first; the last entry is the current status. */
  history: StageReached[];
}

/** Days from one stage to the next: photo, printing, dispatch to the office, collection. */
const STAGE_DAYS: readonly (readonly [number, number])[] = [[0, 10], [10, 45], [2, 10], [1, 30]];

export function cardRequest(nationalCode: string, today: string): CardRequest | undefined {
  const person = findPerson(nationalCode);
  if (!person || ageOn(person.birthDate, today) < MINIMUM_AGE) return undefined;
  const s = seeded('id-card', nationalCode);
  if (s.chance(0.1)) return undefined;
  let date = addDays(today, -s.between(1, 400));
  const history: StageReached[] = [];
  for (const [i, status] of cardStatuses.entries()) {
    if (i > 0) {
      const [min, max] = STAGE_DAYS[i - 1] ?? [1, 1];
      date = addDays(date, s.between(min, max));
    }
    if (date > today) break;
    history.push({ status, date, datePersian: persianDate(date) });
  }
  const current = history[history.length - 1];
  if (!current) return undefined;
  return { trackingNumber: trackingNumberFor(nationalCode), nationalCode: maskNationalCode(nationalCode), status: current.status, history };
}
