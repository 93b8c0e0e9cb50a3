import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fixedNow, openTestApp, type TestApp } from './support/app.ts';
import { loadDemoDataset } from '../demo/load.ts';
import { agencyKinds } from '../src/core/taxonomy.ts';

/**
 * docs/insights.md defines every figure the insights and usage APIs report. This fails when
 * the API reports a field the page does not define (or the page defines one the API dropped),
 * when a KPI table's columns differ from the page's, or when a function the page names is no
 * longer exported from the file it names.
 *
 * How the page is read: each `## ` section whose heading names endpoints in backticks
 * (`GET /api/v1/insights`) documents those endpoints; a table whose first header is "Field"
 * defines the JSON paths in backticks in its first cell (`connection.rate`, `compliance[].lagging`,
 * `rankings.byKind.<kind>[].rank`) and names the computing function in its last cell as
 * `src/file.ts` `exportedName`; a table whose first header is "Table" lists each KPI table with
 * its columns.
 */

const root = new URL('../', import.meta.url);
const docFile = 'docs/insights.md';
/** Endpoints whose figures the page must define: the insights routes and the exchange usage routes. */
const documentedPrefixes = ['/api/v1/insights', '/api/v1/exchange/usage'];
const kinds: readonly string[] = agencyKinds;
/** How the page writes a path below a per-kind key (`rankings.byKind.<kind>[].rank`), or a per-kind table name. */
const KIND = '<kind>';

const codeSpans = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

interface DocSection {
  heading: string;
  endpoints: string[];
  /** Field path → the row's cells. */
  fields: Map<string, string[]>;
  /** KPI table name → its columns. */
  tables: Map<string, string[]>;
}

function parseTables(body: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of body.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    const cells = line.trim().slice(1, -1).split('|').map((c) => c.trim());
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    if (!current) tables.push((current = []));
    current.push(cells);
  }
  return tables;
}

function readDoc(text: string): DocSection[] {
  return text
    .split(/^(?=## )/m)
    .filter((s) => s.startsWith('## '))
    .map((s) => {
      const heading = s.slice(0, s.indexOf('\n'));
      const section: DocSection = {
        heading,
        endpoints: codeSpans(heading).filter((c) => /^(GET|POST|PUT|PATCH|DELETE) \//.test(c)),
        fields: new Map(),
        tables: new Map(),
      };
      for (const [header, ...rows] of parseTables(s)) {
        const first = header?.[0];
        for (const row of rows) {
          if (first === 'Field') for (const path of codeSpans(row[0] ?? '')) section.fields.set(path, row);
          if (first === 'Table') {
            const [name] = codeSpans(row[0] ?? '');
            if (name !== undefined) section.tables.set(name, codeSpans(row[1] ?? ''));
          }
        }
      }
      return section;
    });
}

/** A per-kind key as the page writes it: `ministry` stays a term of its own, what is under it is under `<kind>`. */
const under = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Every property path of a JSON value; array elements are `[]`. */
function valuePaths(value: unknown, path = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) valuePaths(v, `${path}[]`, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      out.add(under(path, key));
      valuePaths(v, under(path, kinds.includes(key) ? KIND : key), out);
    }
  }
  return out;
}

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Every property path a response schema declares, read like `valuePaths`. */
function schemaPaths(schema: JsonSchema | undefined, path = '', out = new Set<string>()): Set<string> {
  if (!schema) return out;
  for (const s of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) schemaPaths(s, path, out);
  if (schema.items) schemaPaths(schema.items, `${path}[]`, out);
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    out.add(under(path, key));
    schemaPaths(s, under(path, kinds.includes(key) ? KIND : key), out);
  }
  if (typeof schema.additionalProperties === 'object') schemaPaths(schema.additionalProperties, under(path, '*'), out);
  return out;
}

const tableName = (name: string) => {
  const kind = kinds.find((k) => name.endsWith(`_${k}`));
  return kind ? `${name.slice(0, -kind.length)}${KIND}` : name;
};

describe('docs/insights.md defines every KPI the API reports', () => {
  const doc = readDoc(readFileSync(new URL(docFile, root), 'utf8'));
  let t: TestApp;
  /** Endpoint (`GET /api/v1/insights`) → the field paths it reports. */
  const reported = new Map<string, Set<string>>();
  /** KPI table name (per-kind tables as `ranking_<kind>`) → its columns. */
  const kpiTables = new Map<string, string[]>();

  before(async () => {
    t = await openTestApp('embedded');
    // The demo dataset fills every list, so the shape of each list's entries is seen too.
    await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
    const get = async (url: string) => {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      return res.json() as unknown;
    };
    const openapi = (await get('/api/openapi.json')) as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }>> };
    for (const [path, operations] of Object.entries(openapi.paths)) {
      if (!documentedPrefixes.some((p) => path.startsWith(p))) continue;
      for (const [method, operation] of Object.entries(operations)) {
        reported.set(`${method.toUpperCase()} ${path}`, schemaPaths(operation.responses?.['200']?.content?.['application/json']?.schema));
      }
    }
    // Routes without a response schema are read from what they answer.
    const add = (endpoint: string, paths: Set<string>) => {
      const into = reported.get(endpoint);
      assert.ok(into, `${endpoint} is in the OpenAPI document`);
      for (const p of paths) into.add(p);
    };
    add('GET /api/v1/insights', valuePaths(await get('/api/v1/insights')));
    const { tables } = (await get('/api/v1/insights/tables')) as { tables: string[] };
    add('GET /api/v1/insights/tables', valuePaths({ tables }));
    for (const name of tables) {
      const table = (await get(`/api/v1/insights/tables/${name}?format=json`)) as { columns: string[] };
      add('GET /api/v1/insights/tables/{table}', valuePaths(table));
      kpiTables.set(tableName(name), table.columns);
    }
  });
  after(() => t.close());

  const sectionsOf = (endpoint: string) => doc.filter((s) => s.endpoints.includes(endpoint));

  test('the report is read in full: its lists have entries to read', () => {
    const paths = reported.get('GET /api/v1/insights')!;
    for (const p of ['connection.notConnectedAgencies[].scheduledOn', `rankings.byKind.${KIND}[].rank`, 'compliance[].lagging[].gapServices', 'maturity.targets[].daysLeft']) {
      assert.ok(paths.has(p), p);
    }
  });

  test('every insights and usage endpoint has a section of its own', () => {
    assert.ok(reported.size >= 5, [...reported.keys()].join(', '));
    for (const endpoint of reported.keys()) assert.equal(sectionsOf(endpoint).length, 1, `one "## " heading of ${docFile} names \`${endpoint}\``);
  });

  test('every field an endpoint reports is defined in its section', () => {
    const missing: string[] = [];
    for (const [endpoint, paths] of reported) {
      const defined = new Set(sectionsOf(endpoint).flatMap((s) => [...s.fields.keys()]));
      for (const p of paths) if (!defined.has(p)) missing.push(`${endpoint}: \`${p}\``);
    }
    assert.deepEqual(missing, [], `not defined in ${docFile} (add a row to the section's Field table)`);
  });

  test('every field the page defines is one its endpoints report', () => {
    const stale: string[] = [];
    for (const section of doc) {
      const paths = new Set(section.endpoints.flatMap((e) => [...(reported.get(e) ?? [])]));
      for (const p of section.fields.keys()) if (!paths.has(p)) stale.push(`${section.heading}: \`${p}\``);
    }
    assert.deepEqual(stale, [], `defined in ${docFile} but reported by none of the section's endpoints`);
  });

  test('every KPI table is listed with exactly its columns', () => {
    const listed = new Map(doc.flatMap((s) => [...s.tables]));
    assert.deepEqual([...listed.keys()].sort(), [...kpiTables.keys()].sort());
    for (const [name, columns] of kpiTables) assert.deepEqual(listed.get(name), columns, `columns of ${name}`);
  });

  test('every definition names the function that computes it, and each is exported from the file named', async () => {
    const text = readFileSync(new URL(docFile, root), 'utf8');
    const refs = [...new Set([...text.matchAll(/`((?:src|demo|test)\/[^`\s]+\.tsx?)`\s+`([A-Za-z_$][\w$]*)`/g)].map((m) => `${m[1]!} ${m[2]!}`))].map((ref) => {
      const [file = '', name = ''] = ref.split(' ');
      return { file, name };
    });
    assert.ok(refs.length >= 30, `${refs.length} function references`);
    for (const section of doc) {
      for (const [path, row] of section.fields) assert.ok(/`(?:src|demo)\/[^`]+`\s+`\w+`/.test(row.at(-1) ?? ''), `the row of \`${path}\` names its function`);
    }
    for (const path of codeSpans(text).filter((c) => /^(src|demo|test)\//.test(c))) assert.ok(existsSync(new URL(path, root)), `${path} exists`);
    const missing: string[] = [];
    for (const { file, name } of refs) {
      const exported = (await import(new URL(file, root).href)) as Record<string, unknown>;
      if (exported[name] === undefined) missing.push(`${file} ${name}`);
    }
    assert.deepEqual(missing, [], 'named in the page but not exported from the file named');
  });
});
