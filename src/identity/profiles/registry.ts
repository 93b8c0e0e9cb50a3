/**
 * The registry questions profiles ask, through the exchange, each made for the signed-in person
 * (`X-Road-UserId`): whom they are guardian of (civil registry), whether they represent a
 * company and which companies they represent (business registry), and who a mandate's grantee
 * is (civil registry). Answers are read strictly: anything but the expected shape is a
 * registry fault (`REGISTRY_UNAVAILABLE`), never a "no".
 */
import { AppError } from '../../core/errors.ts';
import type { ExchangeAnswer, ExchangeClient } from '../registries/index.ts';

export interface Role {
  code: string;
  fa: string;
  en: string;
}

export interface RegistryWard {
  nationalCode: string;
  nameFa: string;
  nameEn: string;
  /** The kind of guardianship (natural guardian, appointed guardian): the person's role. */
  role: Role;
  /** The ward's 18th birthday, `YYYY-MM-DD`: the guardianship ends that day. */
  until: string;
}

export interface RegistryRepresentation {
  represents: boolean;
  role: Role | null;
  signatory: boolean;
  nameFa: string;
  nameEn: string;
}

export interface RegistryCompany {
  legalId: string;
  nameFa: string;
  nameEn: string;
  role: Role;
}

export interface RegistryPersonName {
  nameFa: string;
  nameEn: string;
  alive: boolean;
}

export interface ProfileRegistry {
  /** The minors in this person's guardianship today; empty when the registry knows none (or not the person). */
  wardsOf(nationalCode: string): Promise<RegistryWard[]>;
  /** Whether the person represents the company; null when the registry has no such company. */
  representation(legalId: string, nationalCode: string): Promise<RegistryRepresentation | null>;
  /** The companies the registry lists for the person. */
  companiesOf(nationalCode: string): Promise<RegistryCompany[]>;
  /** A person by national code, asked for `actorNationalCode` (null: a person without one); null when the registry knows none. */
  person(nationalCode: string, actorNationalCode: string | null): Promise<RegistryPersonName | null>;
}

/** What the exchange log says the calls were for (`X-Road-Issue`). */
export const PROFILES_PURPOSE = 'profiles: confirming whom the signed-in person acts for (OneWindow)';
export const MANDATE_PURPOSE = 'mandates: identifying the person a citizen gives a mandate to (OneWindow)';

export interface ProfileRegistryServices {
  /** The civil registry's service (person and guardianship inquiry). */
  person: string | null;
  /** The business registry's service. */
  company: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBilingual = (v: unknown): v is { fa: string; en: string } => isObject(v) && typeof v.fa === 'string' && typeof v.en === 'string';
const isRole = (v: unknown): v is Role => isBilingual(v) && typeof (v as Record<string, unknown>).code === 'string';
const roleOf = (v: Role): Role => ({ code: v.code, fa: v.fa, en: v.en });

function fault(service: string, answer: ExchangeAnswer, detail = 'the answer does not have the expected shape'): AppError {
  return new AppError('REGISTRY_UNAVAILABLE', { detail: `${service}: HTTP ${answer.status}, ${detail} (message ${answer.messageId})` });
}

function required(service: string | null, what: string): string {
  if (!service) throw new AppError('REGISTRY_UNAVAILABLE', { detail: `profiles: no ${what} service is configured` });
  return service;
}

/**
 * `countryPrefix` turns a national code into the `X-Road-UserId` of the person who acted
 * (`IR0012345678`).
 */
export function exchangeProfileRegistry(client: ExchangeClient, services: ProfileRegistryServices, countryPrefix = 'IR'): ProfileRegistry {
  const onBehalf = (nationalCode: string) => ({ userId: `${countryPrefix}${nationalCode}` });
  return {
    async wardsOf(nationalCode) {
      const service = required(services.person, 'civil registry');
      const answer = await client.get(service, `/persons/${nationalCode}/guardianship`, PROFILES_PURPOSE, onBehalf(nationalCode));
      if (answer.status === 404) return [];
      const wards = isObject(answer.body) ? answer.body.wards : undefined;
      if (answer.status !== 200 || !Array.isArray(wards)) throw fault(service, answer);
      return wards.map((w: unknown) => {
        if (!isObject(w) || typeof w.nationalCode !== 'string' || !/^\d{10}$/.test(w.nationalCode) || !isBilingual(w.fullName) || !isRole(w.kind) || typeof w.until !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(w.until)) {
          throw fault(service, answer);
        }
        return { nationalCode: w.nationalCode, nameFa: w.fullName.fa, nameEn: w.fullName.en, role: roleOf(w.kind), until: w.until };
      });
    },
    async representation(legalId, nationalCode) {
      const service = required(services.company, 'business registry');
      const answer = await client.get(service, `/companies/${legalId}/representatives/${nationalCode}`, PROFILES_PURPOSE, onBehalf(nationalCode));
      if (answer.status === 404) return null;
      const b = answer.body;
      if (answer.status !== 200 || !isObject(b) || typeof b.represents !== 'boolean' || typeof b.signatory !== 'boolean' || !(b.role === null || isRole(b.role)) || !isObject(b.company) || !isBilingual(b.company.name)) {
        throw fault(service, answer);
      }
      return { represents: b.represents && b.role !== null, role: b.role === null ? null : roleOf(b.role as Role), signatory: b.signatory, nameFa: b.company.name.fa, nameEn: b.company.name.en };
    },
    async companiesOf(nationalCode) {
      if (!services.company) return [];
      const answer = await client.get(services.company, `/persons/${nationalCode}/companies`, PROFILES_PURPOSE, onBehalf(nationalCode));
      if (answer.status === 404) return [];
      const list = isObject(answer.body) ? answer.body.companies : undefined;
      if (answer.status !== 200 || !Array.isArray(list)) throw fault(services.company, answer);
      return list.map((c: unknown) => {
        if (!isObject(c) || typeof c.legalId !== 'string' || !/^\d{11}$/.test(c.legalId) || !isBilingual(c.name) || !isRole(c.role)) throw fault(services.company!, answer);
        return { legalId: c.legalId, nameFa: c.name.fa, nameEn: c.name.en, role: roleOf(c.role) };
      });
    },
    async person(nationalCode, actorNationalCode) {
      const service = required(services.person, 'civil registry');
      const answer = await client.get(service, `/persons/${nationalCode}`, MANDATE_PURPOSE, actorNationalCode === null ? {} : onBehalf(actorNationalCode));
      if (answer.status === 404) return null;
      const b = answer.body;
      if (answer.status !== 200 || !isObject(b) || !isBilingual(b.firstName) || !isBilingual(b.lastName) || typeof b.alive !== 'boolean') throw fault(service, answer);
      return { nameFa: `${b.firstName.fa} ${b.lastName.fa}`, nameEn: `${b.firstName.en} ${b.lastName.en}`, alive: b.alive };
    },
  };
}

/** No registry configured: every question is a registry fault, so profiles other than oneself give nothing. */
export const unavailableProfileRegistry: ProfileRegistry = {
  wardsOf: () => Promise.reject(new AppError('REGISTRY_UNAVAILABLE', { detail: 'profiles: the window has no exchange client' })),
  representation: () => Promise.reject(new AppError('REGISTRY_UNAVAILABLE', { detail: 'profiles: the window has no exchange client' })),
  companiesOf: () => Promise.resolve([]),
  person: () => Promise.reject(new AppError('REGISTRY_UNAVAILABLE', { detail: 'profiles: the window has no exchange client' })),
};
