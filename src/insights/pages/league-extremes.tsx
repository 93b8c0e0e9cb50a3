import { agencyKinds, type AgencyKind } from '../../core/taxonomy.ts';
import type { RankingEntry, Rankings } from '../../core/insights/index.ts';
import type { I18n, MessageKey } from '../../web/i18n/translate.ts';
import { agencyHref, agencyName } from './format.ts';
import { RankCell } from './completion-section.tsx';

export const kindPlurals: Record<AgencyKind, MessageKey> = {
  ministry: 'dashboard.kind.ministry',
  independent_institution: 'dashboard.kind.independent_institution',
  subordinate_organisation: 'dashboard.kind.subordinate_organisation',
  other: 'dashboard.kind.other',
};

const SHOWN = 3;

/**
 * The first and last agencies of a ranking, best first and worst last, without showing one
 * twice: with fewer than six ranked agencies the best take the first half (rounded up) and
 * the worst the rest. Agencies without a rank are in neither.
 */
export function leagueExtremes(entries: readonly RankingEntry[]): { best: RankingEntry[]; worst: RankingEntry[]; tiedElsewhere: number } {
  const ranked = entries.filter((e) => e.rank !== null);
  const best = ranked.slice(0, Math.min(SHOWN, Math.ceil(ranked.length / 2)));
  const worst = ranked.slice(Math.max(best.length, ranked.length - SHOWN));
  // A tie can be larger than the rows shown: say how many agencies share a shown rank but are left out.
  const shownRanks = new Set([...best, ...worst].map((e) => e.rank));
  const tiedElsewhere = ranked.slice(best.length, ranked.length - worst.length).filter((e) => shownRanks.has(e.rank)).length;
  return { best, worst, tiedElsewhere };
}

/** For each agency kind, a small table of its best and worst agencies by completion rate. */
export function LeagueExtremes({ i18n, rankings }: { i18n: I18n; rankings: Rankings }) {
  const { t } = i18n;
  return (
    <div class="overview-grid">
      {agencyKinds.map((kind) => {
        const { best, worst, tiedElsewhere } = leagueExtremes(rankings.byKind[kind]);
        const caption = t(kindPlurals[kind]);
        return (
          <div class="league" key={kind}>
            <h3 id={`league-${kind}`}>{caption}</h3>
            {best.length === 0 ? (
              <p class="empty-state">{t('dashboard.overview.noneRanked')}</p>
            ) : (
              <div class="table-wrap">
                <table aria-labelledby={`league-${kind}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.col.agency')}</th>
                      <th scope="col" class="num">
                        {t('dashboard.col.rank')}
                      </th>
                      <th scope="col" class="num">
                        {t('dashboard.overview.rate')}
                      </th>
                    </tr>
                  </thead>
                  <Group i18n={i18n} label={t('components.table.best')} mark="best" entries={best} />
                  {worst.length ? <Group i18n={i18n} label={t('components.table.worst')} mark="worst" entries={worst} /> : null}
                </table>
              </div>
            )}
            {tiedElsewhere ? <p class="meta">{t('dashboard.overview.moreTied', { count: i18n.n(tiedElsewhere) })}</p> : null}
          </div>
        );
      })}
    </div>
  );
}

function Group({ i18n, label, mark, entries }: { i18n: I18n; label: string; mark: 'best' | 'worst'; entries: readonly RankingEntry[] }) {
  return (
    <tbody>
      <tr class="group">
        <th scope="rowgroup" colSpan={3}>
          {label}
        </th>
      </tr>
      {entries.map((e) => (
        <tr key={e.code} class={mark}>
          <th scope="row">
            <a href={agencyHref(e.code)}>{agencyName(i18n, e)}</a>
          </th>
          <td class="num">
            <RankCell i18n={i18n} entry={e} />
          </td>
          <td class="num">{i18n.pct(e.rate, 1)}</td>
        </tr>
      ))}
    </tbody>
  );
}
