import { agencyKinds, type AgencyKind } from '../../core/taxonomy.ts';
import type { CompletionInsights, RankingEntry, Rankings } from '../../core/insights/index.ts';
import type { I18n, MessageKey } from '../../web/i18n/translate.ts';
import { DataTable, type RowMark } from '../../web/components/data-table.tsx';
import { SummaryCards } from '../../web/components/summary-cards.tsx';
import { agencyHref, agencyName, tableCsvHref } from './format.ts';

const rankingCaptions: Record<AgencyKind, MessageKey> = {
  ministry: 'dashboard.rankings.caption.ministry',
  independent_institution: 'dashboard.rankings.caption.independent_institution',
  subordinate_organisation: 'dashboard.rankings.caption.subordinate_organisation',
  other: 'dashboard.rankings.caption.other',
};

/** Services identified and delivered over all eligible agencies, then the league tables. */
export function CompletionSection({ i18n, completion, rankings }: { i18n: I18n; completion: CompletionInsights; rankings: Rankings }) {
  const { t } = i18n;
  return (
    <>
      <section aria-labelledby="completion">
        <h2 id="completion">{t('dashboard.completion.title')}</h2>
        <SummaryCards
          cards={[
            { value: i18n.n(completion.identified), label: t('dashboard.completion.identified') },
            { value: i18n.n(completion.delivered), label: t('dashboard.completion.delivered') },
            { value: i18n.pct(completion.coverage), label: t('dashboard.completion.coverage'), hint: t('dashboard.completion.coverageHint') },
          ]}
        />
        <p class="download">
          <a href={tableCsvHref('agency_completion')} download>
            {t('dashboard.completion.download')}
          </a>
        </p>
      </section>
      <section aria-labelledby="rankings">
        <h2 id="rankings">{t('dashboard.rankings.title')}</h2>
        <p class="notice">{t('dashboard.rankings.tieBreak')}</p>
        {agencyKinds.map((kind) => (
          <RankingTable key={kind} i18n={i18n} kind={kind} entries={rankings.byKind[kind]} caption={t(rankingCaptions[kind])} />
        ))}
      </section>
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

function RankingTable({ i18n, kind, entries, caption }: { i18n: I18n; kind: AgencyKind; entries: readonly RankingEntry[]; caption: string }) {
  const { t } = i18n;
  return (
    <div id={`ranking-${kind}`}>
      <h3>{caption}</h3>
      <DataTable
        i18n={i18n}
        caption={caption}
        hideCaption
        columns={[
          { header: t('dashboard.col.rank'), numeric: true, cell: (e: RankingEntry) => <RankCell i18n={i18n} entry={e} /> },
          { header: t('dashboard.col.agency'), rowHeader: true, cell: (e: RankingEntry) => <a href={agencyHref(e.code)}>{agencyName(i18n, e)}</a> },
          { header: t('dashboard.col.delivered'), numeric: true, cell: (e: RankingEntry) => i18n.n(e.delivered) },
          { header: t('dashboard.col.identified'), numeric: true, cell: (e: RankingEntry) => i18n.n(e.identified) },
          { header: t('dashboard.col.rate'), numeric: true, cell: (e: RankingEntry) => i18n.pct(e.rate, 1) },
        ]}
        rows={entries}
        rowKey={(e) => e.code}
        mark={rankMarks(entries)}
        csvHref={tableCsvHref(`ranking_${kind}`)}
      />
    </div>
  );
}

function RankCell({ i18n, entry }: { i18n: I18n; entry: RankingEntry }) {
  if (entry.rank === null) return <>{i18n.t('dashboard.rankings.unranked')}</>;
  return <>{entry.tied ? i18n.t('dashboard.rankings.tied', { rank: i18n.n(entry.rank) }) : i18n.n(entry.rank)}</>;
}
