import webFa from './messages/fa.json' with { type: 'json' };
import webEn from './messages/en.json' with { type: 'json' };
import searchFa from './messages/components-search.fa.json' with { type: 'json' };
import searchEn from './messages/components-search.en.json' with { type: 'json' };
import dataFa from './messages/components-data.fa.json' with { type: 'json' };
import dataEn from './messages/components-data.en.json' with { type: 'json' };
import formsFa from './messages/components-forms.fa.json' with { type: 'json' };
import formsEn from './messages/components-forms.en.json' with { type: 'json' };
import staffFormsFa from '../forms/messages.fa.json' with { type: 'json' };
import staffFormsEn from '../forms/messages.en.json' with { type: 'json' };
import type { Locale } from './locale.ts';

/**
 * The text of every page, gathered from the bundles that register here. The web kit registers
 * its own; each module keeps the text of its pages beside them (`pages/messages.{fa,en}.json`)
 * and registers it from `pages/messages.ts`, so this file imports no module.
 *
 * Keys are typed: a bundle adds its keys to `Messages` by module augmentation, so a mistyped
 * key in `t('…')` fails the type check wherever it is written.
 */
export interface Messages extends Record<keyof typeof webEn | keyof typeof searchEn | keyof typeof dataEn | keyof typeof formsEn | keyof typeof staffFormsEn, string> {}
export type MessageKey = keyof Messages;

export interface MessageBundle {
  name: string;
  fa: Record<string, string>;
  en: Record<string, string>;
}

const registered = new Map<string, MessageBundle>();
const owner = new Map<string, string>();
export const catalogs: Record<Locale, Record<string, string>> = { fa: {}, en: {} };

/**
 * Adds a bundle to the catalogs. Registering the same bundle again is harmless (a module may be
 * loaded through several paths); a key that another bundle already defines is a programming
 * error and refused at once.
 */
export function registerMessages(bundle: MessageBundle): MessageBundle {
  const known = registered.get(bundle.name);
  if (known) {
    if (known.en !== bundle.en || known.fa !== bundle.fa) throw new Error(`Two message bundles are named ${bundle.name}`);
    return known;
  }
  for (const key of Object.keys(bundle.en)) {
    const other = owner.get(key);
    if (other) throw new Error(`Message key ${key} is in both ${other} and ${bundle.name}`);
  }
  for (const key of Object.keys(bundle.en)) owner.set(key, bundle.name);
  registered.set(bundle.name, bundle);
  Object.assign(catalogs.fa, bundle.fa);
  Object.assign(catalogs.en, bundle.en);
  return bundle;
}

/** The bundles registered so far, for the translation tests. */
export const registeredBundles = (): MessageBundle[] => [...registered.values()];

registerMessages({ name: 'web', fa: webFa, en: webEn });
registerMessages({ name: 'search', fa: searchFa, en: searchEn });
registerMessages({ name: 'data', fa: dataFa, en: dataEn });
registerMessages({ name: 'forms', fa: formsFa, en: formsEn });
registerMessages({ name: 'staff-forms', fa: staffFormsFa, en: staffFormsEn });
