import { maturityLevels, type MaturityLevel } from './maturity.ts';

/** A maturity target, e.g. "20% of services at L3 or above by 2024-01-31". */
export interface MaturityTarget {
  id: string;
  level: MaturityLevel;
  comparison: 'atLeast' | 'exactly';
  /** Share of services, 0..1. */
  share: number;
  /** Deadline as an ISO date (YYYY-MM-DD), or undefined when open-ended. */
  by?: string;
}

/** Parses and validates the `INSIGHTS_TARGETS` JSON; throws an Error with a readable message. */
export function parseTargets(json: string): MaturityTarget[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('not valid JSON');
  }
  if (!Array.isArray(data)) throw new Error('must be a JSON array');
  const seen = new Set<string>();
  return data.map((t: unknown, i) => {
    const where = `target ${i + 1}`;
    if (typeof t !== 'object' || t === null) throw new Error(`${where}: must be an object`);
    const { id, level, comparison, share, by } = t as Record<string, unknown>;
    if (typeof id !== 'string' || !/^[a-z0-9-]{1,40}$/.test(id)) throw new Error(`${where}: id must be a short lower-case slug`);
    if (seen.has(id)) throw new Error(`${where}: duplicate id ${id}`);
    seen.add(id);
    if (!maturityLevels.includes(level as MaturityLevel)) throw new Error(`${where}: level must be 0..5`);
    if (comparison !== 'atLeast' && comparison !== 'exactly') throw new Error(`${where}: comparison must be "atLeast" or "exactly"`);
    if (typeof share !== 'number' || !(share > 0 && share <= 1)) throw new Error(`${where}: share must be a number in (0, 1]`);
    if (by !== undefined && (typeof by !== 'string' || !isIsoDate(by))) throw new Error(`${where}: by must be a date YYYY-MM-DD`);
    return { id, level: level as MaturityLevel, comparison, share, ...(by === undefined ? {} : { by }) };
  });
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whether a service at `level` counts toward the target. */
export function meetsTarget(target: MaturityTarget, level: MaturityLevel): boolean {
  return target.comparison === 'atLeast' ? level >= target.level : level === target.level;
}
