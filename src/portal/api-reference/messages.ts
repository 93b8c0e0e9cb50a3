import fa from './messages.fa.json' with { type: 'json' };
import en from './messages.en.json' with { type: 'json' };
import { registerMessages } from '../../web/i18n/messages.ts';

/** The text of the API reference page; the operations themselves are described by the OpenAPI document. */
export const apiReferenceMessages = registerMessages({ name: 'api-reference', fa, en });

declare module '../../web/i18n/messages.ts' {
  interface Messages extends Record<keyof typeof en, string> {}
}
