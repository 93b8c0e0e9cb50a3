/**
 * What a person types to give a mandate, checked all at once before any registry call: the
 * grantee's national code (not their own), one to twenty catalog service ids (well-formed;
 * whether they exist is the registry's question), and the first and last day (real days,
 * the first not in the past, the last not before it, no longer than `maxDays` counted
 * inclusively, the first at most `maxDays` ahead). Pure.
 */
import type { ErrorCode } from '../../core/errors.ts';
import { parseNationalCode } from '../../core/national-code.ts';
import { parseServiceId } from '../../core/service-id.ts';
import type { CountryPack } from '../../core/country-packs/index.ts';
import { gregorianToIso, solarHijriToIso } from '../../core/solar-hijri.ts';
import type { Calendar } from '../../core/person-input.ts';
import { addDays, daysBetween } from './days.ts';

export type MandateField = 'grantee' | 'services' | 'starts' | 'ends';

export interface MandateRefusal {
  code: ErrorCode;
  field: MandateField;
}

export interface MandateInput {
  grantee: string;
  services: readonly string[];
  /** `YYYY-MM-DD` (Gregorian), or null when the typed parts are no real day. */
  startsOn: string | null;
  endsOn: string | null;
}

export interface ParsedMandate {
  granteeNationalCode: string;
  services: string[];
  startsOn: string;
  endsOn: string;
}

export const MAX_MANDATE_SERVICES = 20;

/** A day typed as three parts in the page's calendar, as Gregorian `YYYY-MM-DD`, or null. */
export function dayFromParts(calendar: Calendar, parts: { year: string; month: string; day: string }): string | null {
  const numbers = [parts.year, parts.month, parts.day].map((p) =>
    p
      .slice(0, 8)
      .trim()
      .replace(/[\u06f0-\u06f9]/g, (c) => String(c.charCodeAt(0) - 0x06f0))
      .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x0660)),
  );
  if (!numbers.every((n) => /^\d{1,4}$/.test(n))) return null;
  const [y, m, d] = numbers.map(Number) as [number, number, number];
  return calendar === 'persian' ? solarHijriToIso(y, m, d) : gregorianToIso(y, m, d);
}

/** An ISO `YYYY-MM-DD` that is a real day, or null. */
export function isoDay(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? gregorianToIso(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

export function parseMandate(input: MandateInput, rules: { grantorIdentifier: string; today: string; maxDays: number; pack: Pick<CountryPack, 'serviceIdPrefix'> }): { ok: true; value: ParsedMandate } | { ok: false; refusals: MandateRefusal[] } {
  const refusals: MandateRefusal[] = [];
  const grantee = parseNationalCode(input.grantee);
  if (!grantee.ok) refusals.push({ code: 'MANDATE_GRANTEE_INVALID', field: 'grantee' });
  else if (grantee.code === rules.grantorIdentifier) refusals.push({ code: 'MANDATE_TO_SELF', field: 'grantee' });

  const wanted = [...new Set(input.services.map((s) => s.trim()).filter(Boolean))];
  const services: string[] = [];
  if (wanted.length === 0 || wanted.length > MAX_MANDATE_SERVICES) refusals.push({ code: 'MANDATE_SERVICES_REQUIRED', field: 'services' });
  else {
    for (const raw of wanted) {
      const parsed = parseServiceId(rules.pack, raw);
      if (parsed.ok) services.push(parsed.id);
      else {
        refusals.push({ code: 'MANDATE_SERVICE_NOT_FOUND', field: 'services' });
        break;
      }
    }
  }

  const { startsOn, endsOn } = input;
  if (startsOn === null || startsOn < rules.today || startsOn > addDays(rules.today, rules.maxDays)) refusals.push({ code: 'MANDATE_DATES_INVALID', field: 'starts' });
  else if (endsOn === null || endsOn < startsOn) refusals.push({ code: 'MANDATE_DATES_INVALID', field: 'ends' });
  else if (daysBetween(startsOn, endsOn) + 1 > rules.maxDays) refusals.push({ code: 'MANDATE_TOO_LONG', field: 'ends' });

  if (refusals.length || !grantee.ok || startsOn === null || endsOn === null) return { ok: false, refusals };
  return { ok: true, value: { granteeNationalCode: grantee.code, services: [...new Set(services)], startsOn, endsOn } };
}
