import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { nationalCodeCheckDigit } from '../../src/core/national-code.ts';
import { rows, type Database } from '../../src/db/database.ts';
import { hashPassword, insertAccount, type AccountRow } from '../../src/identity/index.ts';

let serial = 100_000_000 + Math.floor(Math.random() * 800_000_000);
/** A valid national code nobody else in this process has. */
export function newNationalCode(): string {
  const body = String(serial++).padStart(9, '0');
  return `${body}${nationalCodeCheckDigit(body)}`;
}

let mobileSerial = 1_000_000 + Math.floor(Math.random() * 8_000_000);
export const newMobile = () => `+98912${String(mobileSerial++).padStart(7, '0')}`;

/** A registered person (mobile proven), with a password when one is given. */
export async function insertPerson(db: Database, options: { password?: string; identifierType?: 'national_code' | 'foreign_national' } = {}): Promise<AccountRow> {
  const passwordHash = options.password ? await hashPassword(options.password) : null;
  const identifierType = options.identifierType ?? 'national_code';
  return db.transaction((tx) =>
    insertAccount(tx, {
      id: randomUUID(),
      identifierType,
      identifier: identifierType === 'national_code' ? newNationalCode() : `77${newNationalCode()}`,
      givenNameFa: 'مریم',
      familyNameFa: 'احمدی',
      givenNameEn: 'Maryam',
      familyNameEn: 'Ahmadi',
      birthDate: '1990-03-21',
      mobile: newMobile(),
      assurance: 2,
      mobileVerified: true,
      passwordHash,
    }),
  );
}

/** The one-time code in the last text message queued for this mobile, or null. */
export async function lastCodeSentTo(db: Database, mobile: string): Promise<string | null> {
  const [row] = await db.run((q) => rows<{ body: string }>(q, sql`select body from message_outbox where recipient = ${mobile} and channel = 'sms' order by id desc limit 1`));
  return row ? (/\d{6}/.exec(row.body)?.[0] ?? null) : null;
}

export async function messagesTo(db: Database, mobile: string): Promise<number> {
  const [row] = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from message_outbox where recipient = ${mobile}`));
  return row?.n ?? 0;
}

export async function eventsOf(db: Database, accountId: string): Promise<{ kind: string; outcome: string; reason: string | null; address: string | null; userAgent: string | null }[]> {
  return db.run((q) => rows(q, sql`select kind, outcome, reason, address, user_agent as "userAgent" from account_events where account_id = ${accountId} order by id`));
}
