import fa from './messages.fa.json' with { type: 'json' };
import en from './messages.en.json' with { type: 'json' };
import { registerMessages } from '../../web/i18n/messages.ts';

/** The text of the registry's pages, registered with the web kit when the pages are loaded. */
export const registryMessages = registerMessages({ name: 'registry', fa, en });

declare module '../../web/i18n/messages.ts' {
  interface Messages extends Record<keyof typeof en, string> {}
}
