import fa from './messages.fa.json' with { type: 'json' };
import en from './messages.en.json' with { type: 'json' };
import { registerMessages } from '../../../web/i18n/messages.ts';

/** The text of the provider's pages (consent, errors, sign-out), registered with the web kit. */
export const oidcMessages = registerMessages({ name: 'identity-oidc', fa, en });

declare module '../../../web/i18n/messages.ts' {
  interface Messages extends Record<keyof typeof en, string> {}
}
