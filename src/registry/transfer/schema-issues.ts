import type { TSchema } from 'typebox';
import { compileJsonValidator } from '../../http/validation.ts';
import type { ImportIssue } from './parse.ts';

/**
 * Validates import rows with the same schema the API uses, compiled once because a file may
 * hold a hundred thousand rows, and turns schema errors into import issues.
 */
export function rowValidator(schema: TSchema) {
  const validate = compileJsonValidator(schema);
  return (line: number, value: Record<string, unknown>, label: (field: string) => string): ImportIssue[] => {
    if (validate(value)) return [];
    const issues = (validate.errors ?? []).map((e): ImportIssue => {
      const params = e.params as { missingProperty?: string; additionalProperty?: string };
      if (e.keyword === 'required') {
        const field = params.missingProperty ?? '';
        return { line, field: label(field), code: 'MISSING_FIELD', message: `Required: ${label(field)}` };
      }
      const field = e.instancePath.split('/')[1] ?? params.additionalProperty ?? '';
      return { line, field: label(field), code: 'INVALID_VALUE', message: `${label(field)}${e.instancePath.split('/').slice(2).map((p) => `[${p}]`).join('')}: ${e.message}` };
    });
    // One issue per field is enough to fix the row; unions otherwise report every branch.
    const seen = new Set<string>();
    return issues.filter((i) => (seen.has(`${i.field}:${i.code}`) ? false : (seen.add(`${i.field}:${i.code}`), true)));
  };
}
