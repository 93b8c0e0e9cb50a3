/**
 * JSON Schema → what a reader of the API reference needs: a short type in JSON Schema's own
 * words (`string`, `integer[]`, `"a" | "b"`, `string | null`) with the constraints that matter
 * when writing a call, and the fields of an object as rows (`items[].code`), a few levels deep.
 * The route schemas are inline (no named components), so the fields are the "schema names".
 * Pure: the document is our own, but it is read defensively, never trusted to have a shape.
 */

export type JsonSchema = Record<string, unknown>;

export interface FieldRow {
  /** The field's path from the top of the body: `total`, `items[].code`. */
  name: string;
  type: string;
  /** Constraints in JSON Schema keywords: `maxLength: 300`, `format: date`, `default: 50`. */
  constraints: string[];
  required: boolean;
  description?: string;
  /** 0 for a top-level field, 1 for a field of a nested object, … */
  depth: number;
}

const MAX_DEPTH = 3;
const MAX_ENUM_SHOWN = 24;
const constraintKeywords = ['format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'pattern', 'default'] as const;

const isSchema = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);
const schemasIn = (value: unknown): JsonSchema[] => (Array.isArray(value) ? value.filter(isSchema) : []);
const literal = (value: unknown) => JSON.stringify(value) ?? String(value);

/** The alternatives of `anyOf`/`oneOf`, or the schema itself. */
const alternatives = (schema: JsonSchema): JsonSchema[] => {
  const union = [...schemasIn(schema.anyOf), ...schemasIn(schema.oneOf)];
  return union.length ? union : [schema];
};
const isNull = (schema: JsonSchema) => schema.type === 'null';

/** A short type: `string`, `integer[]`, `"ministry" | "other"`, `string | null`, `{ [key]: string }`, `AgencyRef`. */
export function typeOf(schema: unknown): string {
  if (!isSchema(schema)) return 'any';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop() || schema.$ref;
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) {
    const shown = schema.enum.slice(0, MAX_ENUM_SHOWN).map(literal);
    return schema.enum.length > MAX_ENUM_SHOWN ? `${shown.join(' | ')} | …` : shown.join(' | ');
  }
  const union = alternatives(schema);
  if (union.length > 1 || union[0] !== schema) return [...new Set(union.map(typeOf))].join(' | ');
  if (schemasIn(schema.allOf).length) return schemasIn(schema.allOf).map(typeOf).join(' & ');
  const type = Array.isArray(schema.type) ? schema.type.map(String).join(' | ') : typeof schema.type === 'string' ? schema.type : undefined;
  if (type === 'array') {
    const item = typeOf(schema.items);
    return item.includes(' ') ? `(${item})[]` : `${item}[]`;
  }
  if (type === 'object' || (type === undefined && isSchema(schema.properties))) {
    if (!isSchema(schema.properties) && isSchema(schema.additionalProperties)) return `{ [key]: ${typeOf(schema.additionalProperties)} }`;
    return 'object';
  }
  return type ?? 'any';
}

/** The constraints a caller must respect, in the schema's own keywords, from the schema or its non-null alternative. */
export function constraintsOf(schema: unknown): string[] {
  if (!isSchema(schema)) return [];
  const found: string[] = [];
  for (const s of [schema, ...alternatives(schema).filter((a) => a !== schema && !isNull(a))]) {
    for (const keyword of constraintKeywords) if (keyword in s) found.push(`${keyword}: ${keyword === 'pattern' ? String(s[keyword]) : literal(s[keyword])}`);
  }
  return [...new Set(found)];
}

/** The one object schema to describe fields from: the schema, its array's items, or its non-null alternative. */
function objectWithin(schema: JsonSchema): { object: JsonSchema; suffix: string } | undefined {
  const nonNull = alternatives(schema).filter((s) => !isNull(s));
  if (nonNull.length !== 1) return undefined;
  const only = nonNull[0]!;
  if (isSchema(only.properties)) return { object: only, suffix: '' };
  if (only.type === 'array' && isSchema(only.items)) {
    const inner = objectWithin(only.items);
    return inner ? { object: inner.object, suffix: `[]${inner.suffix}` } : undefined;
  }
  return undefined;
}

const descriptionOf = (schema: JsonSchema): string | undefined => {
  if (typeof schema.description === 'string') return schema.description;
  return alternatives(schema).find((s) => typeof s.description === 'string')?.description as string | undefined;
};

/** The fields of a body's schema (of its items, for an array), nested objects included up to a few levels. */
export function fieldsOf(schema: unknown): FieldRow[] {
  if (!isSchema(schema)) return [];
  const top = objectWithin(schema);
  if (!top) return [];
  const rows: FieldRow[] = [];
  const walk = (object: JsonSchema, prefix: string, depth: number) => {
    const required = new Set(Array.isArray(object.required) ? object.required.map(String) : []);
    for (const [name, field] of Object.entries(object.properties as Record<string, unknown>)) {
      if (!isSchema(field)) continue;
      const path = `${prefix}${name}`;
      const description = descriptionOf(field);
      rows.push({ name: path, type: typeOf(field), constraints: constraintsOf(field), required: required.has(name) && !('default' in field), ...(description ? { description } : {}), depth });
      const inner = objectWithin(field);
      if (inner && depth + 1 < MAX_DEPTH) walk(inner.object, `${path}${inner.suffix}.`, depth + 1);
    }
  };
  walk(top.object, top.suffix ? `${top.suffix}.` : '', 0);
  return rows;
}
