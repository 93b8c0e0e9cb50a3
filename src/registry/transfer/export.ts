import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../db/database.ts';
import { streamAllAgencies } from '../agency-repository.ts';
import { streamAllServices } from '../service-repository.ts';
import { columnsOf, type Column } from './columns.ts';
import type { Entity, FileFormat } from './formats.ts';

/**
 * Rows per cursor batch, and so per chunk written: a few hundred kilobytes of JSON, enough to
 * keep the per-batch overhead small, small enough that a download holds little in memory.
 */
export const EXPORT_BATCH_ROWS = 250;

function cell(value: unknown, column: Column): string {
  if (value === null || value === undefined) return '';
  if (column.kind === 'list') return (value as string[]).join(';');
  if (column.kind === 'json') return JSON.stringify(value);
  return String(value);
}

/** The columns of the import format that an export writes (keys only mean something inside one file). */
export const exportColumns = (entity: Entity): Column[] => columnsOf(entity).filter((c) => c.name !== 'key' && c.name !== 'parent_key');

export function exportHead(columns: Column[], format: FileFormat): string {
  return format === 'csv' ? '\uFEFF' + stringify([columns.map((c) => c.name)], { record_delimiter: 'windows' }) : '[';
}

export function exportRow(columns: Column[], format: FileFormat, record: Record<string, unknown>, first: boolean): string {
  if (format === 'csv') return stringify([columns.map((c) => cell(record[c.field], c))], { record_delimiter: 'windows' });
  const item = Object.fromEntries(columns.map((c) => [c.field, record[c.field] ?? null]));
  return `${first ? '' : ','}\n${JSON.stringify(item)}`;
}

export const exportTail = (format: FileFormat): string => (format === 'json' ? '\n]\n' : '');

/**
 * Streams the registry in the import format, so an export imports back unchanged: one chunk per
 * cursor batch, the next batch read only when the previous chunk was taken (the HTTP response's
 * backpressure reaches the database).
 *
 * The head goes out with the first batch, so a database that fails at the start gives an
 * ordinary error response; a failure after that ends the stream with an error, which the server
 * turns into an aborted connection rather than a body that looks complete. A consumer that stops
 * reading (a closed download) closes the cursor through the generator's `return`.
 */
export async function* exportRegistry(db: Database, entity: Entity, format: FileFormat, batchSize = EXPORT_BATCH_ROWS): AsyncGenerator<string, void, undefined> {
  const columns = exportColumns(entity);
  const batches: AsyncGenerator<object[]> = entity === 'agencies' ? streamAllAgencies(db, batchSize) : streamAllServices(db, batchSize);
  let chunk = exportHead(columns, format);
  let first = true;
  for await (const batch of batches) {
    for (const record of batch) {
      chunk += exportRow(columns, format, record as Record<string, unknown>, first);
      first = false;
    }
    yield chunk;
    chunk = '';
  }
  yield chunk + exportTail(format);
}
