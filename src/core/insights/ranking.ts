import type { AgencyKind } from '../taxonomy.ts';
import type { AgencyCompletion } from './completion.ts';
import { byCode } from './figures.ts';
import { compareFractions } from './ratio.ts';

export interface RankingEntry {
  /** Standard competition rank ("1224"); null for an agency that cannot be ranked. */
  rank: number | null;
  code: string;
  nameFa: string;
  nameEn: string;
  rate: number | null;
  delivered: number;
  identified: number;
  /** Whether another agency of the same kind shares this rank. */
  tied: boolean;
  /** Why the agency has no rank; a code the pages translate. */
  unrankedReason: 'no_identified_services' | null;
}

export interface Rankings {
  tieBreak: string;
  byKind: Record<AgencyKind, RankingEntry[]>;
}

/**
 * Published next to every ranking because who is "best" and "worst" is announced in public
 * (e.g. ministries at the national window conference) and has to be reproducible by anyone.
 */
export const rankingTieBreak =
  'Ranked separately per agency kind, best first, by completion rate (services delivered through the window / active services) descending; ' +
  'equal rates are ordered by the number of delivered services descending; agencies still equal share the same rank ' +
  '(standard competition ranking, 1-2-2-4) and are listed by agency code. ' +
  'Agencies with no active services are listed last without a rank.';

/**
 * Rate first, because the announced league tables are percentages; delivered count next,
 * because at an equal rate the agency that put more services online did more work. Rates are
 * compared as exact fractions so 1/3 and 2/6 tie instead of differing in the last bit.
 */
function compareMerit(a: AgencyCompletion, b: AgencyCompletion): number {
  return compareFractions(b.delivered, b.identified, a.delivered, a.identified) || b.delivered - a.delivered;
}

export function rankAgencies(agencies: readonly AgencyCompletion[]): RankingEntry[] {
  const measured = agencies.filter((a) => a.identified > 0).sort((a, b) => compareMerit(a, b) || byCode(a, b));
  const unmeasured = agencies.filter((a) => a.identified === 0).sort(byCode);

  const ranked: RankingEntry[] = [];
  measured.forEach((a, i) => {
    const prev = measured[i - 1];
    const next = measured[i + 1];
    const sameAsPrev = prev !== undefined && compareMerit(prev, a) === 0;
    const sameAsNext = next !== undefined && compareMerit(a, next) === 0;
    const rank = sameAsPrev ? (ranked[i - 1]?.rank ?? i + 1) : i + 1;
    ranked.push(entry(a, rank, sameAsPrev || sameAsNext, null));
  });
  return [...ranked, ...unmeasured.map((a) => entry(a, null, false, 'no_identified_services' as const))];
}

function entry(a: AgencyCompletion, rank: number | null, tied: boolean, unrankedReason: RankingEntry['unrankedReason']): RankingEntry {
  return { rank, code: a.code, nameFa: a.nameFa, nameEn: a.nameEn, rate: a.rate, delivered: a.delivered, identified: a.identified, tied, unrankedReason };
}

/** Every kind is present, even with no agencies, so pages and CSV exports have a stable shape. */
export function computeRankings(agencies: readonly AgencyCompletion[]): Rankings {
  const rank = (kind: AgencyKind) => rankAgencies(agencies.filter((a) => a.kind === kind));
  return {
    tieBreak: rankingTieBreak,
    byKind: {
      ministry: rank('ministry'),
      independent_institution: rank('independent_institution'),
      subordinate_organisation: rank('subordinate_organisation'),
      other: rank('other'),
    },
  };
}
