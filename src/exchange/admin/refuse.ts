import { AppError, type ErrorCode } from '../../core/errors.ts';
import type { RuleViolation } from './rules.ts';
import { mapConstraintViolations } from '../../db/constraint-violation.ts';

/** Throws the first broken rule as an AppError with its field, so the caller sees which input is wrong. */
export function refuse(...violations: (RuleViolation | undefined)[]): void {
  const found = violations.filter((v): v is RuleViolation => v !== undefined);
  if (!found.length) return;
  const first = found[0]!;
  throw new AppError(first.code, {
    message: first.message,
    extensions: { errors: found.map((v) => ({ field: v.field, code: v.code, message: v.message, ...(v.reason ? { reason: v.reason } : {}) })) },
  });
}

/** A unique index refused a row another request inserted first: the same answer as the check before it. */
export const mapUniqueViolation = <T>(work: Promise<T>, code: ErrorCode, constraints?: Readonly<Record<string, ErrorCode>>): Promise<T> =>
  mapConstraintViolations(work, { unique: code, ...(constraints ? { constraints } : {}) });
