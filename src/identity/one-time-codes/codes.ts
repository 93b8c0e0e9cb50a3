import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Sql } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import { enqueueMessage } from '../outbox/index.ts';
import { consumeCode, countAttempt, countRecentCodes, insertCode, lockCode, retireOpenCodes, type CodeOwner, type CodePurpose } from './code-repository.ts';

/**
 * Six-digit one-time codes sent by SMS through the outbox, in the same transaction as the
 * change that asks for one. A code lives five minutes and allows five tries; a new code for the
 * same purpose retires the old one; at most five are sent per owner and purpose an hour, so a
 * form cannot be used to flood someone's phone. Codes are kept only as an HMAC keyed by the
 * code's own id, so a copy of the table does not reveal them and the same code in two rows
 * hashes differently.
 */
export const codeLifetimeSeconds = 5 * 60;
export const maxCodeAttempts = 5;
export const maxCodesPerHour = 5;

const hashOf = (id: string, code: string) => createHmac('sha256', id).update(code).digest('hex');

export interface SentCode {
  /** Handed to the page (a hidden field), never the code itself. */
  codeId: string;
}

/** The SMS text, in the person's language; the code comes first so phones can offer to fill it in. */
export type CodeText = (code: string) => string;

/** Codes sent for this owner and purpose in the last hour. */
export const codesSentLastHour = (q: Sql, owner: CodeOwner, purpose: CodePurpose): Promise<number> => countRecentCodes(q, owner, purpose, 3600);

/**
 * `perHour` replaces the hourly bound for a caller with its own limit; null when the caller
 * has just counted (`codesSentLastHour`) and answers a full hour its own way.
 */
export async function sendCode(tx: Sql, input: { purpose: CodePurpose; owner: CodeOwner; mobile: string; text: CodeText; perHour?: number | null }): Promise<SentCode> {
  const perHour = input.perHour === undefined ? maxCodesPerHour : input.perHour;
  if (perHour !== null && (await codesSentLastHour(tx, input.owner, input.purpose)) >= perHour) throw new AppError('ONE_TIME_CODE_TOO_MANY');
  await retireOpenCodes(tx, input.owner, input.purpose);
  const codeId = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await insertCode(tx, { id: codeId, purpose: input.purpose, owner: input.owner, mobile: input.mobile, codeHash: hashOf(codeId, code), lifetimeSeconds: codeLifetimeSeconds });
  await enqueueMessage(tx, { channel: 'sms', recipient: input.mobile, body: input.text(code), purpose: `one-time-code:${input.purpose}` });
  return { codeId };
}

/**
 * Checks a typed code against the code sent. Right: the code is used up and its owner and
 * mobile returned. Wrong: the try is counted and the reason returned (`expired` once the tries
 * are used up: a new code must be asked for). It returns rather than throws so the caller's
 * transaction commits the counted try; `codeRefusal` gives the error to throw after that.
 */
export async function checkCode(tx: Sql, input: { codeId: string; purpose: CodePurpose; code: string }): Promise<{ ok: true; owner: CodeOwner; mobile: string } | { ok: false; reason: 'invalid' | 'expired' }> {
  if (!/^[0-9a-f-]{36}$/i.test(input.codeId)) return { ok: false, reason: 'expired' };
  const row = await lockCode(tx, input.codeId);
  if (!row || row.purpose !== input.purpose || row.consumed || row.expired || row.attempts >= maxCodeAttempts) return { ok: false, reason: 'expired' };
  const typed = Buffer.from(hashOf(row.id, input.code), 'hex');
  if (!/^[0-9]{6}$/.test(input.code) || !timingSafeEqual(typed, Buffer.from(row.codeHash, 'hex'))) {
    await countAttempt(tx, row.id);
    return { ok: false, reason: row.attempts + 1 >= maxCodeAttempts ? 'expired' : 'invalid' };
  }
  await consumeCode(tx, row.id);
  const owner: CodeOwner = row.accountId ? { accountId: row.accountId } : { registrationId: row.registrationId! };
  return { ok: true, owner, mobile: row.mobile };
}

export const codeRefusal = (reason: 'invalid' | 'expired') => new AppError(reason === 'invalid' ? 'ONE_TIME_CODE_INVALID' : 'ONE_TIME_CODE_EXPIRED');
