import fa from './messages-profiles.fa.json' with { type: 'json' };
import en from './messages-profiles.en.json' with { type: 'json' };
import { registerMessages } from '../../web/i18n/messages.ts';

/** The text of the profiles and mandates pages, a bundle of its own beside the identity pages'. */
export const profileMessages = registerMessages({ name: 'identity-profiles', fa, en });

declare module '../../web/i18n/messages.ts' {
  interface Messages extends Record<keyof typeof en, string> {}
}
