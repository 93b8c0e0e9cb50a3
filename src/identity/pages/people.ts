import type { Database } from '../../db/database.ts';
import type { PagesPlugin } from '../../web/index.ts';
import { noStore } from '../../web/forms/index.ts';
import type { AddressThrottle } from '../sign-in/index.ts';
import { signInRoutes } from './sign-in.tsx';
import { secondFactorRoutes } from './second-factor.tsx';
import { passwordResetRoutes } from './password-reset-page.tsx';
import { securityRoutes } from './security.tsx';
import { deviceApprovalRoutes } from './device-approval.tsx';
import './messages.ts';

/** People's sign-in pages and their own security settings; never cached (they carry form tokens and personal data). */
export function citizenSignInPages(options: { db: Database; throttle: AddressThrottle }): PagesPlugin {
  return async (app, opts) => {
    app.addHook('onRequest', noStore);
    await app.register(signInRoutes(options), opts);
    await app.register(secondFactorRoutes(options), opts);
    await app.register(passwordResetRoutes(options), opts);
    await app.register(securityRoutes(options), opts);
    await app.register(deviceApprovalRoutes(options), opts);
  };
}
