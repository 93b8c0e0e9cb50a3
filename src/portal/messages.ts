import fa from './messages.fa.json' with { type: 'json' };
import en from './messages.en.json' with { type: 'json' };
import { registerMessages } from '../web/i18n/messages.ts';

/** The text of the portal's own pages (home page, site navigation). */
export const portalMessages = registerMessages({ name: 'portal', fa, en });

declare module '../web/i18n/messages.ts' {
  interface Messages extends Record<keyof typeof en, string> {}
}
