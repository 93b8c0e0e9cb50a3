import { parse as parseCsv } from 'csv-parse/sync';
import type { Column } from './columns.ts';
import { INVALID_CHARACTER, invalidCharacterMessage, isStorableText, unstorableTextPaths } from '../../core/text/storable.ts';

/** A stable code for a problem found in an import file, with where it is. */
export interface ImportIssue {
  /** 1-based line of the CSV file (the header is line 1), or 1-based item of a JSON array. */
  line: number;
  field?: string;
  code: string;
  message: string;
}

export interface ImportRecord {
  line: number;
  /** Field (camelCase) → typed value; an empty cell is left out. */
  values: Record<string, unknown>;
}

export type ParseResult = { ok: true; records: ImportRecord[] } | { ok: false; issues: ImportIssue[] };

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function parseImportFile(bytes: Uint8Array, format: 'csv' | 'json', columns: Column[]): ParseResult {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, issues: [{ line: 1, code: 'BAD_ENCODING', message: 'The file is not valid UTF-8' }] };
  return format === 'csv' ? parseCsvText(text, columns) : parseJsonText(text, columns);
}

function parseCsvText(text: string, columns: Column[]): ParseResult {
  let table: { record: string[]; info: { lines: number } }[];
  try {
    table = parseCsv(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as typeof table;
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string };
    return { ok: false, issues: [{ line: err.lines ?? 1, code: 'MALFORMED_CSV', message: `The CSV file cannot be read (${err.code ?? 'syntax error'})` }] };
  }
  const [header, ...body] = table;
  if (!header) return { ok: false, issues: [{ line: 1, code: 'EMPTY_FILE', message: 'The file has no header row' }] };
  const names = header.record.map((h) => h.trim());
  const byName = new Map(columns.map((c) => [c.name, c]));
  const issues: ImportIssue[] = [];
  names.forEach((n, i) => {
    if (!byName.has(n)) issues.push({ line: 1, field: n, code: 'UNKNOWN_COLUMN', message: `Unknown column "${n}"` });
    else if (names.indexOf(n) !== i) issues.push({ line: 1, field: n, code: 'DUPLICATE_COLUMN', message: `Column "${n}" appears twice` });
  });
  if (issues.length) return { ok: false, issues };
  const records: ImportRecord[] = [];
  for (const { record, info } of body) {
    const values: Record<string, unknown> = {};
    record.forEach((cell, i) => {
      const column = byName.get(names[i]!)!;
      if (column.readOnly || cell.trim() === '') return;
      if (!isStorableText(cell)) return void issues.push({ line: info.lines, field: column.name, code: INVALID_CHARACTER, message: `"${column.name}" ${invalidCharacterMessage}` });
      const converted = convertCell(cell, column);
      if (converted.ok) values[column.field] = converted.value;
      else issues.push({ line: info.lines, field: column.name, code: 'INVALID_VALUE', message: converted.message });
    });
    records.push({ line: info.lines, values });
  }
  return issues.length ? { ok: false, issues } : { ok: true, records };
}

function convertCell(cell: string, column: Column): { ok: true; value: unknown } | { ok: false; message: string } {
  const v = cell.trim();
  switch (column.kind) {
    case 'text':
      return { ok: true, value: v };
    case 'int':
      return /^-?\d+$/.test(v) ? { ok: true, value: Number(v) } : { ok: false, message: `"${column.name}" must be a whole number` };
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(v) ? { ok: true, value: Number(v) } : { ok: false, message: `"${column.name}" must be a number` };
    case 'bool':
      if (/^(true|yes|1)$/i.test(v)) return { ok: true, value: true };
      if (/^(false|no|0)$/i.test(v)) return { ok: true, value: false };
      return { ok: false, message: `"${column.name}" must be true or false` };
    case 'list':
      return { ok: true, value: v.split(';').map((s) => s.trim()).filter(Boolean) };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(v) };
      } catch {
        return { ok: false, message: `"${column.name}" must be JSON` };
      }
  }
}

function parseJsonText(text: string, columns: Column[]): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, issues: [{ line: 1, code: 'MALFORMED_JSON', message: 'The file is not valid JSON' }] };
  }
  const items = Array.isArray(data) ? data : (data as { items?: unknown })?.items;
  if (!Array.isArray(items)) return { ok: false, issues: [{ line: 1, code: 'MALFORMED_JSON', message: 'Expected an array of records (or { "items": [...] })' }] };
  const fields = new Map(columns.map((c) => [c.field, c]));
  const issues: ImportIssue[] = [];
  const records = items.map((item: unknown, i): ImportRecord => {
    const line = i + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      issues.push({ line, code: 'INVALID_VALUE', message: 'Each item must be an object' });
      return { line, values: {} };
    }
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      const column = fields.get(key);
      if (!column) issues.push({ line, field: key, code: 'UNKNOWN_FIELD', message: `Unknown field "${key}"` });
      else if (column.readOnly || value === null || value === '') continue;
      else if (unstorableTextPaths(value, 1).length) issues.push({ line, field: key, code: INVALID_CHARACTER, message: `"${key}" ${invalidCharacterMessage}` });
      else values[key] = value;
    }
    return { line, values };
  });
  return issues.length ? { ok: false, issues } : { ok: true, records };
}
