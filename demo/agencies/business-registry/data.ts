/**
 * What the reference company registry answers for a legal identifier: names, registration,
 * status and representatives. Representatives are real members of the synthetic population
 * (adults, alive), so the civil registry agrees with their names; their national codes are
 * masked except the last four digits because the answer goes to other agencies.
 *
 * Legal identifiers starting with `000` are unknown (404), like national codes.
 */
import { dayOfYear, persianDate } from '../shared/dates.ts';
import { companyStems, companyTrades, type Bilingual, type Label } from '../shared/names.ts';
import { maskNationalCode, withNationalCodeCheckDigit } from '../shared/national-code.ts';
import { findPerson, UNKNOWN_PREFIX, type Person } from '../shared/population.ts';
import { seeded, type Seed } from '../shared/seed.ts';

const companyTypes: readonly Label[] = [
  { code: 'private-joint-stock', fa: 'سهامی خاص', en: 'Private Joint Stock' },
  { code: 'public-joint-stock', fa: 'سهامی عام', en: 'Public Joint Stock' },
  { code: 'limited-liability', fa: 'با مسئولیت محدود', en: 'Limited Liability' },
  { code: 'cooperative', fa: 'تعاونی', en: 'Cooperative' },
];

export const companyStatuses = {
  active: { code: 'active', fa: 'فعال', en: 'active' },
  inLiquidation: { code: 'in-liquidation', fa: 'در حال تصفیه', en: 'in liquidation' },
  dissolved: { code: 'dissolved', fa: 'منحل شده', en: 'dissolved' },
} satisfies Record<string, Label>;

/** In board order: the first representative is the managing director, who always signs. */
const roles: readonly Label[] = [
  { code: 'managing-director', fa: 'مدیرعامل', en: 'managing director' },
  { code: 'chair', fa: 'رئیس هیئت‌مدیره', en: 'chair of the board' },
  { code: 'board-member', fa: 'عضو هیئت‌مدیره', en: 'board member' },
];

export interface Representative {
  nationalCode: string;
  fullName: Bilingual;
  role: Label;
  signatory: boolean;
}

export interface CompanyRecord {
  legalId: string;
  name: Bilingual;
  type: Label;
  registrationNumber: string;
  registrationDate: string;
  registrationDatePersian: string;
  status: Label;
  representatives: Representative[];
}

/** A living adult (born 2000 or earlier) from the population, drawn from the company's seed. */
function drawAdult(s: Seed): Person {
  let candidate: Person | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    candidate = findPerson(withNationalCodeCheckDigit(`${s.between(1, 9)}${s.digits(8)}`));
    if (candidate?.alive && candidate.birthDate <= '2000-12-31') return candidate;
  }
  // Unreachable in practice (most of the population qualifies); keeps the function total.
  if (!candidate) throw new Error('no representative could be drawn');
  return candidate;
}

export function companyRecord(legalId: string): CompanyRecord | undefined {
  if (legalId.startsWith(UNKNOWN_PREFIX)) return undefined;
  const s = seeded('business-registry', legalId);
  const stem = s.pick(companyStems);
  const trade = s.pick(companyTrades);
  const type = s.pick(companyTypes);
  const registrationDate = dayOfYear(s.between(1985, 2023), s.int(365));
  const draw = s.int(100);
  const status = draw < 85 ? companyStatuses.active : draw < 92 ? companyStatuses.inLiquidation : companyStatuses.dissolved;
  const representatives = roles.slice(0, s.between(1, 3)).map((role, i) => {
    const p = drawAdult(s);
    return {
      nationalCode: maskNationalCode(p.nationalCode),
      fullName: { fa: `${p.firstName.fa} ${p.lastName.fa}`, en: `${p.firstName.en} ${p.lastName.en}` },
      role,
      signatory: i === 0 || s.chance(0.5),
    };
  });
  return {
    legalId,
    name: { fa: `شرکت ${stem.fa} ${trade.fa} (${type.fa})`, en: `${stem.en} ${trade.en} Co. (${type.en})` },
    type,
    registrationNumber: String(s.between(1000, 699_999)),
    registrationDate,
    registrationDatePersian: persianDate(registrationDate),
    status,
    representatives,
  };
}
