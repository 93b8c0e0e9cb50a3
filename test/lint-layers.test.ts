import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { foundations } from '../eslint/layers.js';

// Planted imports, linted as if they were files at these paths: each wrong one must be refused
// by the layers rule, each right one accepted, so the rule cannot silently stop working.
const eslint = new ESLint();

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'onewindow/layers').map((m) => m.message);
}

const refused: [string, string, RegExp][] = [
  ['src/core/planted.ts', "import { openDatabase } from '../db/open.ts';", /src\/core\/ may import only core/],
  ['src/config/planted.ts', "import { Database } from '../db/database.ts';", /src\/config\/ may import only core, config/],
  ['src/web/planted.ts', "import { registryPlugin } from '../registry/index.ts';", /src\/web\/ may import only .* not src\/registry\//],
  ['src/registry/planted.ts', "import { exchangeAdminDeps } from '../exchange/admin/deps.ts';", /only through its index\.ts/],
  ['src/insights/planted.ts', "export { CatalogPage } from '../registry/pages/catalog-page.tsx';", /only through its index\.ts/],
  ['src/registry/planted.ts', "import { homePages } from '../portal/index.ts';", /only the portal, app and cli sit above the modules/],
  ['src/exchange/planted.ts', "import { loadDemoDataset } from '../../demo/load.ts';", /src\/ never imports demo\//],
  ['src/cli/planted.ts', "import { startBench } from '../../bench/run.ts';", /src\/ never imports bench\//],
  ['src/server-planted.ts', "const support = await import('../test/support/app.ts');", /src\/ never imports test\//],
  ['src/registry/planted.ts', "import { fixture } from './fixtures.test-support.ts';", /never imports test support/],
  ['src/portal/planted.ts', "import { agencyEditPages } from '../registry/pages/staff/agency-edit.tsx';", /the portal uses registry through src\/registry\/index\.ts only/],
  ['src/app-planted.ts', "import { forwardStep } from './exchange/gateway/forward.ts';", /src\/exchange\/gateway\/ is used from outside through its index\.ts only/],
  ['src/exchange/pages/planted.ts', "import { rollUpUsage } from '../usage/rollup.ts';", /src\/exchange\/usage\/ is used from outside through its index\.ts only/],
  ['src/newfolder/planted.ts', "import { AppError } from '../core/errors.ts';", /in no layer/],
];

for (const [file, code, why] of refused) {
  test(`refused: ${file} → ${code.match(/'([^']+)'/)![1]}`, async () => {
    const errors = await layerErrors(file, code);
    assert.equal(errors.length, 1, `expected one layers error, got ${JSON.stringify(errors)}`);
    assert.match(errors[0]!, why);
  });
}

const accepted: [string, string][] = [
  ['src/core/planted.ts', "import { AppError } from './errors.ts';"],
  ['src/web/planted.ts', "import { sendProblem } from '../http/problem.ts';"],
  ['src/insights/planted.ts', "import { Catalog } from '../registry/index.ts';"],
  ['src/exchange/gateway/planted.ts', "import { AppError } from '../../core/errors.ts';"],
  ['src/portal/planted.ts', "import { registryPages } from '../registry/index.ts';"],
  ['src/app-planted.ts', "import { exchangeAdminDeps } from './exchange/admin/deps.ts';"],
  ['src/app-planted.ts', "import { startGateway } from './exchange/gateway/index.ts';"],
  ['src/exchange/gateway/planted.ts', "import { forwardStep } from './forward.ts';"],
  ['src/registry/planted.test.ts', "import { withDb } from '../../test/support/database.ts';"],
  ['test/planted.test.ts', "import { loadDemoDataset } from '../demo/load.ts';"],
  ['demo/planted.ts', "import { buildApp } from '../src/app.ts';"],
];

for (const [file, code] of accepted) {
  test(`accepted: ${file} → ${code.match(/'([^']+)'/)![1]}`, async () => {
    assert.deepEqual(await layerErrors(file, code), []);
  });
}

test('docs/architecture.md shows the same import table the rule enforces', () => {
  const doc = readFileSync(new URL('../docs/architecture.md', import.meta.url), 'utf8');
  for (const [layer, allowed] of Object.entries(foundations)) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${layer}/\``));
    assert.ok(row, `docs/architecture.md has no row for ${layer}/`);
    const cells = row.split('|').map((c) => c.trim());
    const listed = cells[2]!.split(',').map((s) => s.replace(/[`/]/g, '').trim()).filter((s) => s && s !== 'nothing').sort();
    assert.deepEqual(listed, allowed.filter((l) => l !== layer).sort(), `docs/architecture.md's row for ${layer}/`);
  }
});
