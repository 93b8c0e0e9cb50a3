import type { Database } from '../../db/database.ts';
import { readsEveryAgency, type Principal } from '../../core/access.ts';
import { AppError } from '../../core/errors.ts';
import { parseNationalCode } from '../../core/national-code.ts';
import { isXRoadErrorType, type XRoadErrorType } from '../protocol/errors.ts';
import { readDirectory, type AgencyRef, type NamedRef } from '../usage/index.ts';
import type { SnapshotSource } from '../snapshot/index.ts';
import { selectAccesses, type AccessCursor } from './access-repository.ts';

export const MAX_ACCESSES_PER_PAGE = 100;
export const DEFAULT_ACCESSES_PER_PAGE = 50;

/**
 * What happened to a call, as the person it was about would ask: the data was handed to the
 * consumer (`delivered` — the provider answered, a 4xx such as "no such person" included),
 * the gateway turned the consumer away (`refused`: bad request, unknown or unauthenticated
 * client, no right, rate limit, service switched off), or the exchange broke down (`failed`:
 * provider unreachable, timed out or answering 5xx, or the record could not be logged), or
 * the call was forwarded and its outcome is not on record (`unknown`: an intent record whose
 * outcome record could not be written, e.g. the database went down during the call). The
 * provider may have answered, so such a call is shown, never hidden or guessed as failed.
 */
export type AccessOutcome = 'delivered' | 'refused' | 'failed' | 'unknown';

const failedTypes: ReadonlySet<XRoadErrorType> = new Set([
  'Server.ClientProxy.NetworkError',
  'Server.ServerProxy.ServiceFailed',
  'Server.ServerProxy.ServiceFailed.Timeout',
  'Server.ServerProxy.ServiceFailed.CircuitOpen',
  'Server.ClientProxy.LoggingFailed',
  'Server.ClientProxy.InternalError',
]);

export function accessOutcome(status: number, errorType: string | null): AccessOutcome {
  // Status 0 is an intent record's: the list shows one only when its outcome is missing.
  if (status === 0) return 'unknown';
  if (errorType === null || errorType === '') return status >= 500 ? 'failed' : 'delivered';
  // A type this version does not know is reported as a failure rather than guessed as a refusal.
  if (!isXRoadErrorType(errorType)) return 'failed';
  return failedTypes.has(errorType) ? 'failed' : 'refused';
}

/**
 * Who may see the accesses to any person's data by national code: operators and auditors. A
 * person reads the accesses to their own data through identity's "who accessed my data"
 * (`/account/accesses`, `/api/v1/me/accesses`), which knows their national code from their
 * account and calls `accessesAbout` with it: a citizen never names a code here.
 */
export function mayReadAccessesOf(principal: Principal, nationalCode: string): boolean {
  void nationalCode;
  return readsEveryAgency(principal);
}

export interface DataSubjectAccess {
  at: string;
  messageId: string;
  consumer: { key: string; agency: AgencyRef | null; subsystem: NamedRef | null } | null;
  service: { key: string; code: string; nameFa: string | null; nameEn: string | null; provider: AgencyRef | null; catalog: { id: string; nameFa: string; nameEn: string } | null } | null;
  method: string;
  endpoint: string | null;
  purpose: string | null;
  /** `X-Road-UserId`: the person who made the call, with its country prefix (`IR0012345678`); null when the consumer did not say. */
  userId: string | null;
  /** `X-Road-Represented-Party` (`[CLASS/]CODE`): the legal entity that person acted for. */
  representedParty: string | null;
  outcome: AccessOutcome;
  status: number;
  errorType: string | null;
}

export interface AccessPage {
  items: DataSubjectAccess[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface AccessQuery {
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export function encodeCursor(c: AccessCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.node, c.seq])).toString('base64url');
}

export function decodeCursor(cursor: string): AccessCursor {
  const invalid = () => new AppError('VALIDATION_FAILED', { message: 'The cursor is not one this API returned', extensions: { errors: [{ field: '/cursor', code: 'invalid', message: 'not a cursor' }] } });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 3) throw invalid();
  const [at, node, seq] = value as unknown[];
  if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(at) || Number.isNaN(Date.parse(at))) throw invalid();
  if (typeof node !== 'string' || node.length < 1 || node.length > 200) throw invalid();
  if (typeof seq !== 'string' || !/^\d{1,18}$/.test(seq)) throw invalid();
  return { at, node, seq };
}

/** The national code as stored (ASCII digits), or a 400 with a stable code. */
export function normaliseNationalCode(input: string): string {
  const parsed = parseNationalCode(input);
  if (!parsed.ok) {
    throw new AppError('NATIONAL_CODE_INVALID', {
      message: parsed.reason === 'check_digit' ? 'The national code’s check digit is wrong' : 'A national code is 10 digits',
      extensions: { reason: parsed.reason },
    });
  }
  return parsed.code;
}

/**
 * Every exchange call whose data subject was this person, newest first, with the consumer's
 * agency and system, the service and its catalog name, the purpose and what came of it; names
 * from `source`'s snapshot, the node's exchange configuration.
 */
export async function listAccesses(db: Database, source: SnapshotSource, principal: Principal, nationalCode: string, query: AccessQuery = {}): Promise<AccessPage> {
  if (principal.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  const subject = normaliseNationalCode(nationalCode);
  if (!mayReadAccessesOf(principal, subject)) throw new AppError('FORBIDDEN');
  return accessesAbout(db, source, subject, query);
}

/**
 * The same list for a national code (ASCII digits, as stored) whose reader the caller has
 * already established may see it — the person themself, for identity's "who accessed my data".
 * A few log reads per page (time windows on `exchange_log_data_subject_idx`, see
 * access-repository.ts), and one for the catalog names of the services on it; none per record.
 */
export async function accessesAbout(db: Database, source: SnapshotSource, subject: string, query: AccessQuery = {}): Promise<AccessPage> {
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? DEFAULT_ACCESSES_PER_PAGE)), MAX_ACCESSES_PER_PAGE);
  if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) >= Date.parse(query.to)) {
    throw new AppError('VALIDATION_FAILED', { message: '`from` must be before `to`' });
  }
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const found = await selectAccesses(db, {
    subject,
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  // The directory is read only when there is something to name.
  const directory = found.length ? await db.run((q) => readDirectory(q, source, found.flatMap((r) => (r.service ? [r.service] : [])))) : undefined;
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r): DataSubjectAccess => {
      const consumer = r.consumer ? directory!.client(r.consumer) : null;
      const service = r.service ? directory!.service(r.service) : null;
      return {
        at: r.at,
        messageId: r.messageId,
        consumer: consumer ? { key: consumer.key, agency: consumer.agency, subsystem: consumer.subsystem } : null,
        service: service
          ? { key: service.key, code: service.service.code, nameFa: service.service.nameFa, nameEn: service.service.nameEn, provider: service.agency, catalog: service.catalog }
          : null,
        method: r.method,
        endpoint: r.endpoint,
        purpose: r.purpose,
        userId: r.userId,
        representedParty: r.representedParty,
        outcome: accessOutcome(r.status, r.errorType),
        status: r.status,
        errorType: r.errorType,
      };
    }),
    nextCursor: found.length > limit && last ? encodeCursor(last) : null,
  };
}
