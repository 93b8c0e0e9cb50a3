/**
 * Registration: a person proves who they are against the civil registry (identifier, birth
 * date; names come from the registry, never typed), that the mobile is theirs against the
 * operators' ownership registry, and that they hold it with a one-time code. Nothing becomes an
 * account until the code is right; until then the registry's answer waits in
 * `account_registrations` for fifteen minutes.
 *
 * Order of the checks, and what each refusal says:
 * 1. the typed values (`rules.ts`), all at once, each with its own code;
 * 2. the civil registry: unknown, deceased, or another birth date all say only "the details do
 *    not match" — a stranger learns nothing about which part was wrong;
 * 3. an existing account is named (with a way to sign in) only after the birth date matched,
 *    so whether someone has an account is not told to whoever types their national code;
 * 4. the mobile registry: "this mobile is not registered to you";
 * 5. at most five registrations per identifier an hour (each sends an SMS), on top of the
 *    per-address limit of the pages.
 * The pending registration and its SMS are written in one transaction.
 *
 * Every refusal from step 2 on, and every refused code, is recorded in `account_events` like a
 * failed sign-in: kind `registration`, the error code as the reason, the client's address and
 * user agent, and no account — except when the identifier has one (step 3), which then sees the
 * attempt in its own record. Never the identifier itself: a refusal names no one. Mistyped values
 * (step 1) are not recorded, as a sign-in with a malformed identifier is not.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { AppError, isAppError, type ErrorCode } from '../../core/errors.ts';
import { findAccountByIdentifier, insertAccount, type AccountRow, type IdentifierType } from '../accounts/index.ts';
import { checkCode, codeRefusal, sendCode, type CodeText } from '../one-time-codes/index.ts';
import { createCitizenSession } from '../citizen-sessions/index.ts';
import type { Registries } from '../registries/index.ts';
import { nationalMobile, parseBirthDate, parseIdentifier, parseMobile, type Calendar } from '../../core/person-input.ts';
import { countRecentRegistrations, deleteRegistration, insertAccountEvent, insertRegistration, lockLiveRegistration } from './registration-repository.ts';

export const registrationLifetimeSeconds = 15 * 60;
export const maxRegistrationsPerHour = 5;

export interface RegistrationInput {
  identifierType: IdentifierType;
  identifier: string;
  calendar: Calendar;
  birth: { year: string; month: string; day: string };
  mobile: string;
}

/** Which field a refusal is about, so the page can point at it. */
export type RegistrationField = 'identifier' | 'birth' | 'mobile';

/** A refusal of the typed values: one code per field that is wrong. */
export class RegistrationInputError extends AppError {
  constructor(readonly fields: Partial<Record<RegistrationField, ErrorCode>>) {
    const first = Object.values(fields)[0]!;
    super(first, { extensions: { fields } });
  }
}

/** Where a registration attempt came from, as recorded with its refusal. */
export interface RegistrationClient {
  address: string | null;
  userAgent: string | null;
}

/** Records the refusal (in its own transaction: nothing else of the attempt was written) and throws it. */
async function refuse(db: Database, error: AppError, client: RegistrationClient, accountId: string | null = null): Promise<never> {
  await db.transaction((tx) => insertAccountEvent(tx, { accountId, kind: 'registration', outcome: 'failure', reason: error.code.toLowerCase(), ...client }));
  throw error;
}

export interface RegistrationDeps {
  db: Database;
  registries: Registries | null;
  /** Today in the country's time zone, `YYYY-MM-DD`. */
  today: () => string;
}

export interface StartedRegistration {
  registrationId: string;
  codeId: string;
}

export async function startRegistration(deps: RegistrationDeps, input: RegistrationInput, text: CodeText, client: RegistrationClient): Promise<StartedRegistration> {
  const identifier = parseIdentifier(input.identifierType, input.identifier);
  const birthDate = parseBirthDate(input.calendar, input.birth, deps.today());
  const mobile = parseMobile(input.mobile);
  const fields: Partial<Record<RegistrationField, ErrorCode>> = {};
  if (!identifier.ok) fields.identifier = identifier.code;
  if (!birthDate.ok) fields.birth = birthDate.code;
  if (!mobile.ok) fields.mobile = mobile.code;
  if (!identifier.ok || !birthDate.ok || !mobile.ok) throw new RegistrationInputError(fields);

  const { registries, db } = deps;
  if (!registries) return refuse(db, new AppError('REGISTRY_UNAVAILABLE', { detail: 'registration is not set up: IDENTITY_EXCHANGE_CLIENT, its key and the registry service ids are needed' }), client);
  const type = input.identifierType;
  const person = await registries.person(type, identifier.value).catch((error: unknown) => (isAppError(error) ? refuse(db, error, client) : Promise.reject(error)));
  if (!person || !person.alive || person.birthDate !== birthDate.value) return refuse(db, new AppError('REGISTRATION_NOT_MATCHED'), client);
  const existing = await db.run((q) => findAccountByIdentifier(q, type, identifier.value));
  if (existing) return refuse(db, new AppError('REGISTRATION_ACCOUNT_EXISTS'), client, existing.id);
  const owns = await registries.ownsMobile(type, identifier.value, nationalMobile(mobile.value)).catch((error: unknown) => (isAppError(error) ? refuse(db, error, client) : Promise.reject(error)));
  if (!owns) return refuse(db, new AppError('REGISTRATION_MOBILE_NOT_OWNED'), client);

  const started = await db.transaction(async (tx) => {
    if ((await countRecentRegistrations(tx, type, identifier.value, 3600)) >= maxRegistrationsPerHour) return null;
    const registrationId = randomUUID();
    await insertRegistration(tx, { id: registrationId, identifierType: type, identifier: identifier.value, ...person, birthDate: birthDate.value, mobile: mobile.value }, registrationLifetimeSeconds);
    const { codeId } = await sendCode(tx, { purpose: 'registration', owner: { registrationId }, mobile: mobile.value, text });
    return { registrationId, codeId };
  });
  return started ?? refuse(db, new AppError('ONE_TIME_CODE_TOO_MANY'), client);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new code for a registration still in flight (the last one expired, or never arrived). */
export async function resendRegistrationCode(db: Database, registrationId: string, text: CodeText, client: RegistrationClient): Promise<{ codeId: string }> {
  if (!uuid.test(registrationId)) return refuse(db, new AppError('REGISTRATION_EXPIRED'), client);
  const sent = await db
    .transaction(async (tx) => {
      const registration = await lockLiveRegistration(tx, registrationId);
      if (!registration) throw new AppError('REGISTRATION_EXPIRED');
      return sendCode(tx, { purpose: 'registration', owner: { registrationId }, mobile: registration.mobile, text });
    })
    .catch((error: unknown) => (isAppError(error) ? refuse(db, error, client) : Promise.reject(error)));
  return sent;
}

export interface Completed {
  account: AccountRow;
  /** The new session's cookie secret. */
  sessionSecret: string;
}

/**
 * The code is right: the account, its first event and a session, in one transaction, and the
 * pending registration gone. A wrong code is counted (the transaction commits the try) and
 * refused after.
 */
export async function completeRegistration(
  db: Database,
  input: { registrationId: string; codeId: string; code: string; address: string | null; userAgent: string | null },
): Promise<Completed> {
  const client = { address: input.address, userAgent: input.userAgent };
  if (!uuid.test(input.registrationId)) return refuse(db, new AppError('REGISTRATION_EXPIRED'), client);
  const code = input.code.length > 32 ? '' : input.code;
  const outcome = await db.transaction(async (tx): Promise<Completed | { refused: AppError }> => {
    const registration = await lockLiveRegistration(tx, input.registrationId);
    if (!registration) return { refused: new AppError('REGISTRATION_EXPIRED') };
    const check = await checkCode(tx, { codeId: input.codeId, purpose: 'registration', code });
    if (!check.ok) return { refused: codeRefusal(check.reason) };
    if (!('registrationId' in check.owner) || check.owner.registrationId !== registration.id) return { refused: codeRefusal('expired') };
    if (await findAccountByIdentifier(tx, registration.identifierType, registration.identifier)) {
      await deleteRegistration(tx, registration.id);
      return { refused: new AppError('REGISTRATION_ACCOUNT_EXISTS') };
    }
    const account = await insertAccount(tx, {
      id: randomUUID(),
      identifierType: registration.identifierType,
      identifier: registration.identifier,
      givenNameFa: registration.givenNameFa,
      familyNameFa: registration.familyNameFa,
      givenNameEn: registration.givenNameEn,
      familyNameEn: registration.familyNameEn,
      birthDate: registration.birthDate,
      mobile: registration.mobile,
      assurance: 2,
      mobileVerified: true,
    });
    await deleteRegistration(tx, registration.id);
    await insertAccountEvent(tx, { accountId: account.id, kind: 'registered', outcome: 'success', address: input.address, userAgent: input.userAgent });
    const session = await createCitizenSession(tx, { accountId: account.id, accountAssurance: 2, amr: ['sms', 'otp'], secondFactorPending: false });
    return { account, sessionSecret: session.secret };
  });
  // The refused code's try was counted in that transaction; the refusal is recorded after it.
  if ('refused' in outcome) return refuse(db, outcome.refused, client);
  return outcome;
}
