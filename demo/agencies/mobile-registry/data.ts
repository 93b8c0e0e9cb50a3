/**
 * The reference mobile-ownership registry ("Shahkar"): which mobile numbers are registered to
 * which national code. Each living person owns one to three numbers on real operator prefixes;
 * unknown and deceased persons own none (their lines would have been transferred or closed).
 */
import { findForeignNational } from '../shared/foreign-nationals.ts';
import { findPerson } from '../shared/population.ts';
import { seeded } from '../shared/seed.ts';

/** Prefixes in use by the Iranian operators (MCI, Irancell, Rightel). */
const PREFIXES = ['0912', '0913', '0919', '0935', '0936', '0937', '0939', '0901', '0902', '0990', '0921', '0930'] as const;

/**
 * The numbers registered to a person, canonical `09xxxxxxxxx`. Exported for the demo and tests
 * (to sign up with a number that matches); the HTTP API itself only answers yes or no.
 */
export function mobilesOwnedBy(nationalCode: string): string[] {
  // Twelve digits: a foreign resident's identifier (FIDA); their lines are registered to it.
  const person = nationalCode.length === 12 ? findForeignNational(nationalCode) : findPerson(nationalCode);
  if (!person?.alive) return [];
  const s = seeded('mobile-registry', nationalCode);
  return Array.from({ length: s.between(1, 3) }, () => s.pick(PREFIXES) + s.digits(7));
}

export function ownsMobile(nationalCode: string, mobile: string): boolean {
  return mobilesOwnedBy(nationalCode).includes(mobile);
}
