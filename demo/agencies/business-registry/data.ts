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
import { withLegalIdCheckDigit } from '../shared/legal-id.ts';
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

/**
 * Legal identifiers `9` + the first nine digits of a national code (+ the check digit) are the
 * company that person founded and manages, when the civil registry has them as a living adult:
 * so every such person has one company to act for, found by `GET /persons/{code}/companies`
 * (the registry keeps no other reverse index). Other companies draw their board at random.
 */
const FOUNDED = '9';
const isFounder = (p: Person | undefined): p is Person => !!p && p.alive && p.birthDate <= '2000-12-31';

function founderOf(legalId: string): Person | undefined {
  if (!legalId.startsWith(FOUNDED)) return undefined;
  const p = findPerson(withNationalCodeCheckDigit(legalId.slice(1, 10)));
  return isFounder(p) ? p : undefined;
}

/** The company a person founded (see `FOUNDED`), or undefined. */
export function foundedCompanyOf(nationalCode: string): string | undefined {
  return isFounder(findPerson(nationalCode)) ? withLegalIdCheckDigit(`${FOUNDED}${nationalCode.slice(0, 9)}`) : undefined;
}

export function companyRecord(legalId: string): CompanyRecord | undefined {
  const full = fullCompanyRecord(legalId);
  return full && { ...full, representatives: full.representatives.map((r) => ({ ...r, nationalCode: maskNationalCode(r.nationalCode) })) };
}

/** Whether `nationalCode` represents the company: only the registry itself sees unmasked codes. */
export interface RepresentationAnswer {
  legalId: string;
  nationalCode: string;
  /** False when the person is not on the board, or the company is dissolved (nobody acts for it). */
  represents: boolean;
  role: Label | null;
  signatory: boolean;
  company: { name: Bilingual; status: Label };
}

export function representation(legalId: string, nationalCode: string): RepresentationAnswer | undefined {
  const record = fullCompanyRecord(legalId);
  if (!record) return undefined;
  const seat = record.representatives.find((r) => r.nationalCode === nationalCode);
  const represents = !!seat && record.status.code !== companyStatuses.dissolved.code;
  return { legalId, nationalCode, represents, role: seat?.role ?? null, signatory: represents && !!seat?.signatory, company: { name: record.name, status: record.status } };
}

export interface PersonCompanies {
  nationalCode: string;
  companies: { legalId: string; name: Bilingual; status: Label; role: Label; signatory: boolean }[];
}

/** The companies a person represents, as far as this registry indexes them (the one they founded). */
export function companiesOf(nationalCode: string): PersonCompanies | undefined {
  if (!findPerson(nationalCode)) return undefined;
  const founded = foundedCompanyOf(nationalCode);
  const answer = founded ? representation(founded, nationalCode) : undefined;
  return {
    nationalCode,
    companies: answer?.represents && answer.role ? [{ legalId: answer.legalId, name: answer.company.name, status: answer.company.status, role: answer.role, signatory: answer.signatory }] : [],
  };
}

function fullCompanyRecord(legalId: string): CompanyRecord | undefined {
  if (legalId.startsWith(UNKNOWN_PREFIX)) return undefined;
  const s = seeded('business-registry', legalId);
  const stem = s.pick(companyStems);
  const trade = s.pick(companyTrades);
  const type = s.pick(companyTypes);
  const registrationDate = dayOfYear(s.between(1985, 2023), s.int(365));
  const draw = s.int(100);
  const founder = founderOf(legalId);
  const drawn = draw < 85 ? companyStatuses.active : draw < 92 ? companyStatuses.inLiquidation : companyStatuses.dissolved;
  // A founder's company is always active: it is there so the founder has someone to act for.
  const status = founder ? companyStatuses.active : drawn;
  const representatives = roles.slice(0, s.between(1, 3)).map((role, i) => {
    const drawnAdult = drawAdult(s);
    const p = i === 0 && founder ? founder : drawnAdult;
    return {
      nationalCode: p.nationalCode,
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
