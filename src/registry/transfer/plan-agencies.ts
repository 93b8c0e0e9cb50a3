import type { ImportIssue, ImportRecord } from './parse.ts';
import { AgencyCreate } from '../schemas.ts';
import { rowValidator } from './schema-issues.ts';
import { checkAgencyParent, checkConnectedOn } from '../rules.ts';
import type { Agency } from '../model.ts';
import type { AgencyValues } from '../agency-repository.ts';

export interface AgencyPlan {
  creates: AgencyValues[];
  updates: { before: Agency; after: AgencyValues }[];
}

const validate = rowValidator(AgencyCreate);

/** Checks every row against the schema, the file and the registry; writes nothing. */
export function planAgencies(records: ImportRecord[], existing: Map<string, Agency>, today: string, label: (f: string) => string): { plan: AgencyPlan; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const rows: { line: number; values: AgencyValues }[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of records) {
    const rowIssues = validate(line, values, label);
    if (rowIssues.length) {
      issues.push(...rowIssues);
      continue;
    }
    const input = values as AgencyCreate;
    if (seen.has(input.code)) {
      issues.push({ line, field: label('code'), code: 'DUPLICATE_KEY', message: `Agency ${input.code} also appears on line ${seen.get(input.code)}` });
      continue;
    }
    seen.set(input.code, line);
    const connected = checkConnectedOn(input.connectedOn, today);
    if (connected) issues.push({ line, field: label(connected.field), code: connected.code, message: connected.message });
    rows.push({
      line,
      values: {
        code: input.code,
        nameFa: input.nameFa,
        nameEn: input.nameEn,
        kind: input.kind,
        parentCode: input.parentCode ?? null,
        eligible: input.eligible ?? true,
        connectedOn: input.connectedOn ?? null,
        contactEmail: input.contactEmail ?? null,
        contactPhone: input.contactPhone ?? null,
        website: input.website ?? null,
      },
    });
  }
  // The tree as it will be once the file is applied: the registry, overlaid by the file.
  const parents = new Map<string, string | null>([...existing.values()].map((a) => [a.code, a.parentCode]));
  for (const r of rows) parents.set(r.values.code, r.values.parentCode);
  for (const r of rows) {
    const v = checkAgencyParent(parents, r.values.code, r.values.parentCode);
    if (v) issues.push({ line: r.line, field: label(v.field), code: v.code, message: v.message });
  }
  const plan: AgencyPlan = { creates: [], updates: [] };
  for (const r of rows) {
    const before = existing.get(r.values.code);
    if (before) plan.updates.push({ before, after: r.values });
    else plan.creates.push(r.values);
  }
  return { plan, issues };
}
