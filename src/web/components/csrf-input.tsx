/** The form field name of the synchronizer token in every staff form. */
export const csrfField = '_csrf';

/** The session's synchronizer token as a hidden field, posted back with a staff form. */
export function CsrfInput({ token }: { token: string }) {
  return <input type="hidden" name={csrfField} value={token} />;
}
