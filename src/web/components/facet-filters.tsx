import type { I18n } from '../i18n/translate.ts';

export interface FacetOption {
  value: string;
  label: string;
  count: number;
  checked: boolean;
}

export interface FacetGroup {
  /** The query parameter; repeated once per ticked value. */
  name: string;
  legend: string;
  options: FacetOption[];
}

export interface FacetFiltersProps {
  i18n: I18n;
  action: string;
  groups: FacetGroup[];
  /** Query parameters to keep when filters are applied, e.g. the search words. */
  hidden?: readonly (readonly [string, string])[];
  /** A link that removes every filter, shown while any is ticked. */
  clearHref?: string;
  /** Groups with more options than this start folded, unless one of them is ticked. */
  foldAbove?: number;
}

/**
 * Facets as checkbox groups in a GET form, each value with how many results it would give.
 * Applying needs the button, not JavaScript; the whole choice ends up in the address.
 */
export function FacetFilters({ i18n, action, groups, hidden = [], clearHref, foldAbove = 8 }: FacetFiltersProps) {
  const { t } = i18n;
  const anyChecked = groups.some((g) => g.options.some((o) => o.checked));
  return (
    <form class="facets" method="get" action={action} aria-labelledby="facets-title">
      <h2 id="facets-title">{t('components.facets.title')}</h2>
      {hidden.map(([name, v], i) => (
        <input key={`${name}-${i}`} type="hidden" name={name} value={v} />
      ))}
      {groups
        .filter((g) => g.options.length > 0)
        .map((g) => (
          <details key={g.name} open={g.options.length <= foldAbove || g.options.some((o) => o.checked)}>
            <summary>{g.legend}</summary>
            <fieldset>
              <legend class="visually-hidden">{g.legend}</legend>
              {g.options.map((o) => {
                const id = `facet-${g.name}-${o.value}`;
                return (
                  <div class="checkbox" key={o.value}>
                    <input type="checkbox" id={id} name={g.name} value={o.value} checked={o.checked} />
                    <label for={id}>
                      {o.label} <span class="facet-count">{t('components.facets.count', { count: i18n.n(o.count) })}</span>
                    </label>
                  </div>
                );
              })}
            </fieldset>
          </details>
        ))}
      <p>
        <button type="submit">{t('components.facets.apply')}</button>
      </p>
      {anyChecked && clearHref ? (
        <p>
          <a href={clearHref}>{t('components.facets.clear')}</a>
        </p>
      ) : null}
    </form>
  );
}
