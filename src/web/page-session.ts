import { createContext } from 'preact';

/**
 * What the layout needs to know of the signed-in person on any page, whichever module drew it:
 * their session's synchronizer token, for the header's sign-out form. `sendPage` provides it
 * from the request (identity's authenticator sets `citizenSession`), so no page passes it and
 * none can forget to.
 */
export interface PageSessionState {
  citizenCsrfToken: string | null;
}

export const PageSessionContext = createContext<PageSessionState>({ citizenCsrfToken: null });
