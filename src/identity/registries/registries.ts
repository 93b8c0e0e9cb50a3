/**
 * The two questions registration asks, through the exchange: who is this person (civil
 * registry), and is this mobile number theirs (the operators' ownership registry). Answers are
 * read strictly: anything but the expected shape is a registry fault, not a "no".
 */
import { AppError } from '../../core/errors.ts';
import type { IdentifierType } from '../accounts/index.ts';
import type { ExchangeClient } from './exchange-client.ts';

export interface RegistryPerson {
  givenNameFa: string;
  familyNameFa: string;
  givenNameEn: string;
  familyNameEn: string;
  /** Gregorian `YYYY-MM-DD`. */
  birthDate: string;
  alive: boolean;
}

export interface Registries {
  /** The person the civil registry knows by this identifier, or null when it knows none. */
  person(type: IdentifierType, identifier: string): Promise<RegistryPerson | null>;
  /** Whether the mobile (national form, `09…`) is registered to this identifier. */
  ownsMobile(type: IdentifierType, identifier: string, mobile: string): Promise<boolean>;
}

/** What the exchange log says the calls were for (`X-Road-Issue`). */
export const REGISTRATION_PURPOSE = 'identity verification at registration (OneWindow account sign-up)';

export interface RegistryServices {
  /** Service id of the civil registry's person inquiry. */
  person: string;
  /** Service id of the mobile-ownership check. */
  mobile: string;
}

const isName = (v: unknown): v is { fa: string; en: string } =>
  typeof v === 'object' && v !== null && typeof (v as { fa?: unknown }).fa === 'string' && typeof (v as { en?: unknown }).en === 'string';

const fault = (service: string, detail: string, messageId: string | null) => new AppError('REGISTRY_UNAVAILABLE', { detail: `${service}: ${detail} (message ${messageId})` });

export function exchangeRegistries(client: ExchangeClient, services: RegistryServices): Registries {
  return {
    async person(type, identifier) {
      const path = type === 'national_code' ? `/persons/${identifier}` : `/foreign-nationals/${identifier}`;
      const answer = await client.get(services.person, path, REGISTRATION_PURPOSE);
      if (answer.status === 404) return null;
      if (answer.status !== 200) throw fault(services.person, `HTTP ${answer.status}`, answer.messageId);
      const b = answer.body as Record<string, unknown>;
      const names = [b.firstName, b.lastName];
      if (!names.every(isName) || typeof b.birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.birthDate) || typeof b.alive !== 'boolean') {
        throw fault(services.person, 'the answer does not have the expected shape', answer.messageId);
      }
      const [first, last] = names as [{ fa: string; en: string }, { fa: string; en: string }];
      return { givenNameFa: first.fa, familyNameFa: last.fa, givenNameEn: first.en, familyNameEn: last.en, birthDate: b.birthDate, alive: b.alive };
    },
    async ownsMobile(type, identifier, mobile) {
      const key = type === 'national_code' ? 'nationalCode' : 'foreignNationalId';
      const answer = await client.get(services.mobile, `/ownership?${key}=${identifier}&mobile=${mobile}`, REGISTRATION_PURPOSE);
      const match = (answer.body as { match?: unknown } | null)?.match;
      if (answer.status !== 200 || typeof match !== 'boolean') throw fault(services.mobile, `HTTP ${answer.status} without a yes or no`, answer.messageId);
      return match;
    },
  };
}
