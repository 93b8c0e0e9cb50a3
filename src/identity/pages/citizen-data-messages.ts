import fa from './messages-citizen-data.fa.json' with { type: 'json' };
import en from './messages-citizen-data.en.json' with { type: 'json' };
import { registerMessages } from '../../web/i18n/messages.ts';

/** The text of "my inquiries" and "who accessed my data", a bundle of its own beside the identity pages'. */
export const citizenDataMessages = registerMessages({ name: 'identity-citizen-data', fa, en });

declare module '../../web/i18n/messages.ts' {
  interface Messages extends Record<keyof typeof en, string> {}
}
