import type { PagesPlugin } from '../../web/index.ts';
import { noStore } from '../../web/forms/index.ts';
import type { Database } from '../../db/database.ts';
import { sessionPages } from './login.tsx';
export { registrationPages, type RegistrationPagesOptions } from './register.tsx';
export { accountPages } from './account.tsx';
export { demoMessagesPages } from './register-demo-messages.tsx';
export { profilePages, type ServiceFinder } from './profiles-pages.ts';
import './messages.ts'; // registers the text of these pages with the web kit

/** Identity's pages: signing in to the staff area with an API token, and signing out. */
export function signInPages(options: { db: Database }): PagesPlugin {
  return async (app, opts) => {
    app.addHook('onRequest', noStore);
    await app.register(sessionPages(options), opts);
  };
}
export { citizenSignInPages } from './people.ts';
// identity: my inquiries and who accessed my data
export { inquiriesPages } from './inquiries.tsx';
export { accessesPages } from './accesses.tsx';
