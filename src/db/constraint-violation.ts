import { AppError, type ErrorCode } from '../core/errors.ts';

/**
 * Integrity violations a race between two requests can cause: both checked that a code was
 * free, or that a row they point at exists, and the database — the only place that sees both —
 * refused the second write. Same SQLSTATEs on PostgreSQL and the embedded engine.
 */
const kinds = { '23505': 'unique', '23503': 'foreignKey' } as const;
export type ConstraintKind = (typeof kinds)[keyof typeof kinds];

export interface ConstraintViolation {
  kind: ConstraintKind;
  /** The constraint's name, e.g. `exchange_members_pkey`. */
  constraint: string | undefined;
}

/** The violation behind an error; drivers, drizzle and the transaction wrapper nest it in `cause`. */
export function constraintViolationOf(error: unknown): ConstraintViolation | undefined {
  let kind: ConstraintKind | undefined;
  // A wrapper may repeat the SQLSTATE without the constraint's name (redact-error's QueryFailed): look on down for it.
  for (let e: unknown = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505' || code === '23503') kind ??= kinds[code];
    if (kind !== undefined && typeof constraint === 'string') return { kind, constraint };
  }
  return kind === undefined ? undefined : { kind, constraint: undefined };
}

export interface ViolationCodes {
  /** The resource's 409 for a unique violation, e.g. AGENCY_CODE_TAKEN. */
  unique?: ErrorCode;
  /** The answer to a foreign-key violation, e.g. AGENCY_NOT_FOUND for a vanished parent. */
  foreignKey?: ErrorCode;
  /** A code for one named constraint, where a table has several (a primary key and a unique pair). */
  constraints?: Readonly<Record<string, ErrorCode>>;
}

/**
 * A write whose checks passed but lost a race gets the same answer as the check before it would
 * have given. Violations without a code here still never reach a caller as a 500: the error
 * handler answers CONFLICT or REFERENCE_NOT_FOUND.
 */
export async function mapConstraintViolations<T>(work: Promise<T>, codes: ViolationCodes): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const violation = constraintViolationOf(error);
    const named = violation?.constraint && codes.constraints && Object.hasOwn(codes.constraints, violation.constraint) ? codes.constraints[violation.constraint] : undefined;
    const code = named ?? (violation ? codes[violation.kind] : undefined);
    if (!code) throw error;
    throw new AppError(code, { cause: error, detail: violationDetail(violation!) });
  }
}

export const violationDetail = (v: ConstraintViolation) => `${v.kind} violation${v.constraint ? ` of ${v.constraint}` : ''} (a concurrent write)`;
