import { agencyKinds, type AgencyKind } from '../../core/taxonomy.ts';
import type { RankingEntry, Rankings } from '../../core/insights/index.ts';
import type { I18n, MessageKey } from '../../web/i18n/translate.ts';
import { DataTable, type DataColumn, type RowMark } from '../../web/components/data-table.tsx';
import { agencyHref, agencyName, tableCsvHref } from './format.ts';
import { rankingsHref, sortHref, sortRanking, type RankingSort, type RankingsState } from './rankings-query.ts';

const rankingCaptions: Record<AgencyKind, MessageKey> = {
  ministry: 'dashboard.rankings.caption.ministry',
  independent_institution: 'dashboard.rankings.caption.independent_institution',
  subordinate_organisation: 'dashboard.rankings.caption.subordinate_organisation',
  other: 'dashboard.rankings.caption.other',
};

const kindFilters: { kind: RankingsState['kind']; key: MessageKey }[] = [
  { kind: 'all', key: 'dashboard.rankings.allKinds' },
  { kind: 'ministry', key: 'dashboard.kind.ministry' },
  { kind: 'independent_institution', key: 'dashboard.kind.independent_institution' },
  { kind: 'subordinate_organisation', key: 'dashboard.kind.subordinate_organisation' },
  { kind: 'other', key: 'dashboard.kind.other' },
];

/** The league tables, one per agency kind, filtered to one kind and sorted by any column through links. */
export function RankingsSection({ i18n, rankings, state }: { i18n: I18n; rankings: Rankings; state: RankingsState }) {
  const { t } = i18n;
  const kinds = state.kind === 'all' ? agencyKinds : [state.kind];
  return (
    <>
      <p class="notice">{t('dashboard.rankings.tieBreak')}</p>
      <nav aria-labelledby="kind-filter">
        <h2 id="kind-filter" class="label-heading">
          {t('dashboard.rankings.filter')}
        </h2>
        <ul class="filter-links">
          {kindFilters.map((f) => (
            <li key={f.kind}>
              <a href={rankingsHref({ ...state, kind: f.kind })} aria-current={f.kind === state.kind ? 'true' : undefined}>
                {t(f.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="meta">{t('dashboard.rankings.sortHint')}</p>
      {kinds.map((kind) => (
        <RankingTable key={kind} i18n={i18n} kind={kind} entries={rankings.byKind[kind]} state={state} />
      ))}
      <p class="download">
        <a href={tableCsvHref('agency_completion')} download>
          {t('dashboard.completion.download')}
        </a>
      </p>
    </>
  );
}

/**
 * Best and worst are the first and last rank, ties included; a table where everyone shares
 * one rank (or only one agency is ranked) has neither.
 */
export function rankMarks(entries: readonly RankingEntry[]): (e: RankingEntry) => RowMark {
  const ranks = entries.map((e) => e.rank).filter((r): r is number => r !== null);
  const worst = ranks.length ? Math.max(...ranks) : 1;
  return (e) => (e.rank === null || worst === 1 ? null : e.rank === 1 ? 'best' : e.rank === worst ? 'worst' : null);
}

function RankingTable({ i18n, kind, entries, state }: { i18n: I18n; kind: AgencyKind; entries: readonly RankingEntry[]; state: RankingsState }) {
  const { t } = i18n;
  const caption = t(rankingCaptions[kind]);
  const column = (sort: RankingSort, header: string, cell: (e: RankingEntry) => ReturnType<DataColumn<RankingEntry>['cell']>, extra: Partial<DataColumn<RankingEntry>> = {}): DataColumn<RankingEntry> => ({
    header: <a href={sortHref(state, sort)}>{header}</a>,
    cell,
    ...extra,
    ...(state.sort === sort ? { sorted: state.order === 'asc' ? 'ascending' : 'descending' } : {}),
  });
  return (
    <section aria-labelledby={`ranking-${kind}`}>
      <h2 id={`ranking-${kind}`}>{caption}</h2>
      <DataTable
        i18n={i18n}
        caption={caption}
        hideCaption
        columns={[
          column('rank', t('dashboard.col.rank'), (e) => <RankCell i18n={i18n} entry={e} />, { numeric: true }),
          column('name', t('dashboard.col.agency'), (e) => <a href={agencyHref(e.code)}>{agencyName(i18n, e)}</a>, { rowHeader: true }),
          column('delivered', t('dashboard.col.delivered'), (e) => i18n.n(e.delivered), { numeric: true }),
          column('identified', t('dashboard.col.identified'), (e) => i18n.n(e.identified), { numeric: true }),
          column('rate', t('dashboard.col.rate'), (e) => i18n.pct(e.rate, 1), { numeric: true }),
        ]}
        rows={sortRanking(entries, state.sort, state.order, i18n.locale)}
        rowKey={(e) => e.code}
        mark={rankMarks(entries)}
        csvHref={tableCsvHref(`ranking_${kind}`)}
      />
    </section>
  );
}

export function RankCell({ i18n, entry }: { i18n: I18n; entry: RankingEntry }) {
  if (entry.rank === null) return <>{i18n.t('dashboard.rankings.unranked')}</>;
  return <>{entry.tied ? i18n.t('dashboard.rankings.tied', { rank: i18n.n(entry.rank) }) : i18n.n(entry.rank)}</>;
}
