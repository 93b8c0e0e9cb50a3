/**
 * A country pack holds everything that differs between countries running OneWindow: the
 * service identifier prefix, languages, currency, calendar and the format of the codes the
 * country's earlier service registry used. Adding a country means adding a pack here and its
 * code to `CountryCode`; nothing else in core/ may hard-code a country.
 */
import { ir } from './ir.ts';
import type { CountryCode, CountryPack } from './pack.ts';

export type { CountryCode, CountryPack, PackLocale } from './pack.ts';

export const countryPacks = { ir } as const satisfies Record<CountryCode, CountryPack>;
