import type { Audience, Channel } from '../../core/taxonomy.ts';
import type { I18n, MessageKey } from '../../web/i18n/translate.ts';

// Written out in full so the translation test can see every key is used.
const audienceKeys: Record<Audience, MessageKey> = {
  citizens: 'catalog.audience.citizens',
  businesses: 'catalog.audience.businesses',
  government: 'catalog.audience.government',
};

const channelKeys: Record<Channel, MessageKey> = {
  web: 'service.channel.web',
  mobile: 'service.channel.mobile',
  counter: 'service.channel.counter',
};

export const audienceLabel = (i18n: I18n, audience: string) => (audience in audienceKeys ? i18n.t(audienceKeys[audience as Audience]) : audience);
export const channelLabel = (i18n: I18n, channel: string) => (channel in channelKeys ? i18n.t(channelKeys[channel as Channel]) : channel);

/** A bilingual label in the reader's language. */
export const inLocale = (i18n: I18n, label: { fa: string; en: string } | undefined, fallback = '') => label?.[i18n.locale] ?? fallback;
