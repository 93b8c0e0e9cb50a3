import type { ComponentChildren } from 'preact';
import { Layout } from '../../web/components/layout.tsx';
import type { ErrorSummaryItem } from '../../web/components/error-summary.tsx';
import type { PageContext } from '../../web/index.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import type { FieldErrors, FieldSpec } from './form-values.ts';

/** The form field name of the synchronizer token in every staff form. */
export const csrfField = '_csrf';

export function CsrfInput({ token }: { token: string }) {
  return <input type="hidden" name={csrfField} value={token} />;
}

export function SignOutForm({ i18n, csrfToken }: { i18n: I18n; csrfToken: string | undefined }) {
  if (!csrfToken) return null;
  return (
    <form method="post" action="/staff/logout" class="staff-signout">
      <CsrfInput token={csrfToken} />
      <button type="submit" class="button-secondary">
        {i18n.t('staff.signOut')}
      </button>
    </form>
  );
}

/** A short page that explains a refusal in plain words and says where to go instead. */
export function MessagePage({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  return (
    <Layout i18n={ctx.i18n} title={title} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{title}</h1>
      {children}
      <p>
        <a href="/staff">{ctx.i18n.t('staff.backToStaff')}</a>
      </p>
    </Layout>
  );
}

/** The message for one field, with its label filled in. */
export function fieldMessage(i18n: I18n, errors: FieldErrors, name: string, specs: Record<string, FieldSpec>): string | undefined {
  const e = errors[name];
  if (!e) return undefined;
  const spec = specs[name];
  return i18n.t(e.key, { field: spec ? i18n.t(spec.label) : '', ...e.params });
}

/** Error summary items in the order of the form; problems without a field come first. */
export function summaryItems(i18n: I18n, errors: FieldErrors, specs: Record<string, FieldSpec>, formErrors: string[] = []): ErrorSummaryItem[] {
  const unplaced = Object.keys(errors).filter((name) => !specs[name]);
  return [
    ...formErrors.map((text) => ({ text })),
    ...unplaced.map((name) => ({ text: fieldMessage(i18n, errors, name, specs)! })),
    ...Object.entries(specs)
      .filter(([name]) => errors[name])
      .map(([name, spec]) => ({ fieldId: spec.id, text: fieldMessage(i18n, errors, name, specs)! })),
  ];
}
