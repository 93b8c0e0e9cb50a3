import type { I18n } from '../i18n/translate.ts';

export interface SearchBoxProps {
  i18n: I18n;
  /** Where the GET form goes. */
  action?: string;
  value?: string;
  /** Unique on the page, so the label points at the right input. */
  id?: string;
  /** Query parameters to carry along with a new search, e.g. the filters already chosen. */
  hidden?: readonly (readonly [string, string])[];
  /** A larger label when the box is the main thing on the page. */
  prominent?: boolean;
}

/** A catalog search form that works without JavaScript: a labelled search field and a button. */
export function SearchBox({ i18n, action = '/services', value = '', id = 'q', hidden = [], prominent = false }: SearchBoxProps) {
  const { t } = i18n;
  return (
    <form class="search-box" method="get" action={action} role="search">
      <div class="search-field">
        <label for={id} class={prominent ? 'search-label-prominent' : undefined}>
          {t('components.search.label')}
        </label>
        <p class="hint" id={`${id}-hint`}>
          {t('components.search.hint')}
        </p>
        <input type="search" id={id} name="q" value={value} maxLength={200} autoComplete="off" aria-describedby={`${id}-hint`} />
      </div>
      {hidden.map(([name, v], i) => (
        <input key={`${name}-${i}`} type="hidden" name={name} value={v} />
      ))}
      <button type="submit">{t('components.search.submit')}</button>
    </form>
  );
}
