/**
 * The file format of registry import and export: one column per field, snake_case names.
 * Export writes exactly these columns, so an exported file imports back unchanged.
 * Lists are `;`-separated; structured lists (evidence, inquiries) are JSON in the cell.
 */
export type ColumnKind = 'text' | 'int' | 'number' | 'bool' | 'list' | 'json';

export interface Column {
  name: string;
  field: string;
  kind: ColumnKind;
  /** Read on export, ignored on import (the registry owns these values). */
  readOnly?: boolean;
}

const col = (name: string, kind: ColumnKind = 'text', readOnly = false): Column => ({
  name,
  field: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
  kind,
  ...(readOnly ? { readOnly } : {}),
});

export const agencyColumns: Column[] = [
  col('code'),
  col('name_fa'),
  col('name_en'),
  col('kind'),
  col('parent_code'),
  col('eligible', 'bool'),
  col('connected_on'),
  col('contact_email'),
  col('contact_phone'),
  col('website'),
];

export const serviceColumns: Column[] = [
  col('id'),
  col('key'),
  col('agency_code'),
  col('parent_id'),
  col('parent_key'),
  col('external_code'),
  col('name_fa'),
  col('name_en'),
  col('description_fa'),
  col('description_en'),
  col('topic'),
  col('audiences', 'list'),
  col('life_events', 'list'),
  col('maturity', 'int'),
  col('delivery_status'),
  col('channels', 'list'),
  col('fee_amount', 'int'),
  col('sla_days', 'int'),
  col('required_evidence', 'json'),
  col('inquiries', 'json'),
  col('service_type'),
  col('nature'),
  col('service_level'),
  col('trigger'),
  col('in_person_visits', 'int'),
  col('avg_processing_days', 'number'),
  col('access_url'),
  col('annual_users', 'int'),
  col('complaint_channel'),
  col('status', 'text', true),
  col('retired_at', 'text', true),
];

export const columnsOf = (entity: 'agencies' | 'services') => (entity === 'agencies' ? agencyColumns : serviceColumns);
