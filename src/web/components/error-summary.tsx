import type { I18n } from '../i18n/translate.ts';

export interface ErrorSummaryItem {
  /** The problem, written as what to do, e.g. "Enter the service name in Persian". */
  text: string;
  /** The id of the field to fix, without `#`; absent for a problem with the whole form. */
  fieldId?: string;
}

export interface ErrorSummaryProps {
  i18n: I18n;
  errors: readonly ErrorSummaryItem[];
}

/**
 * GOV.UK-style error summary, placed at the top of `<main>` before the form. Each problem links
 * to its field so a keyboard or screen-reader user gets there in one step; `role="alert"`
 * makes assistive technology announce it when the page loads after a failed submit.
 */
export function ErrorSummary({ i18n, errors }: ErrorSummaryProps) {
  if (!errors.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{i18n.t('components.errorSummary.title')}</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={`${e.fieldId ?? ''}:${i}`}>{e.fieldId ? <a href={`#${e.fieldId}`}>{e.text}</a> : e.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** The page title of a form shown again with errors, so the problem is announced first. */
export const errorTitle = (i18n: I18n, title: string, hasErrors: boolean) => (hasErrors ? i18n.t('components.errorSummary.pageTitle', { title }) : title);
