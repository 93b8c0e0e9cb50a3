// The layering of docs/architecture.md, enforced: who may import whom inside this repository.
// Our imports are relative and name their file (`../db/database.ts`), so resolving a specifier
// is a path join; no resolver plugin is needed (ADR 0014).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Folders under src/ that are modules: they reach each other only through `index.ts`. */
export const modules = ['registry', 'identity', 'exchange', 'insights', 'requests'];

/** The foundation layers under the modules, and what each may import. */
export const foundations = {
  core: ['core'],
  config: ['core', 'config'],
  db: ['core', 'config', 'db'],
  http: ['core', 'config', 'db', 'http'],
  web: ['core', 'config', 'http', 'web'],
};

/** Layers on top: they compose the modules. */
const composers = ['portal', 'cli', 'app'];

const root = process.cwd();
const isTestFile = (path) => /\.(test|test-support)\.tsx?$/.test(path);

/** Where a file sits: its layer, and for a module file its module. */
export function placeOf(absolutePath) {
  const parts = relative(root, absolutePath).split(sep);
  if (parts[0] !== 'src') return { layer: parts[0] === '..' ? 'outside' : parts[0] };
  if (parts.length === 2) return { layer: 'app' };
  const folder = parts[1];
  if (folder in foundations || composers.includes(folder)) return { layer: folder };
  if (modules.includes(folder)) return { layer: 'module', module: folder };
  return { layer: 'unknown' };
}

/**
 * A folder below the top level of src/ that has an index.ts is a room (exchange/gateway,
 * registry/search, http/rate-limit …): from outside it, only its index.ts is imported.
 */
function roomEntered(from, to) {
  const top = join(root, 'src', relative(join(root, 'src'), to).split(sep)[0]);
  for (let dir = dirname(to); dir.startsWith(top + sep); dir = dirname(dir)) {
    if (from.startsWith(dir + sep)) return null;
    const index = join(dir, 'index.ts');
    if (to !== index && existsSync(index)) return relative(root, index);
  }
  return null;
}

/** Why `from` may not import `to`, or null when it may. Both are absolute paths. */
export function refusal(from, to) {
  const layered = layerRefusal(from, to);
  if (layered || !relative(root, from).startsWith(`src${sep}`) || isTestFile(from) || !/\.tsx?$/.test(to)) return layered;
  const room = roomEntered(from, to);
  return room ? `${relative(root, dirname(room))}/ is used from outside through its index.ts only: import ${room}` : null;
}

function layerRefusal(from, to) {
  const source = placeOf(from);
  const target = placeOf(to);
  if (!relative(root, from).startsWith(`src${sep}`) || isTestFile(from)) return null;
  if (source.layer === 'unknown') return `${relative(root, dirname(from))} is in no layer: add its folder to eslint/layers.js and the table in docs/architecture.md`;
  if (!relative(root, to).startsWith(`src${sep}`)) return `src/ never imports ${target.layer}/: product code does not depend on the demo, benchmarks or tests`;
  if (isTestFile(to)) return 'product code never imports test support (*.test-support.ts)';
  if (composers.includes(source.layer)) {
    if (source.layer === 'portal' && target.layer === 'module' && !isModuleIndex(to, target.module)) return `the portal uses ${target.module} through src/${target.module}/index.ts only`;
    return null;
  }
  if (source.layer in foundations) {
    if (foundations[source.layer].includes(target.layer)) return null;
    return `src/${source.layer}/ may import only ${foundations[source.layer].join(', ')} — not ${describe(target)}`;
  }
  if (source.layer === 'module') {
    if (target.layer in foundations) return null;
    if (target.layer === 'module') {
      if (target.module === source.module) return null;
      return isModuleIndex(to, target.module) ? null : `a module uses another only through its index.ts: import src/${target.module}/index.ts, not ${relative(root, to)}`;
    }
    return `a module does not import ${describe(target)}: only the portal, app and cli sit above the modules`;
  }
  return null;
}

const isModuleIndex = (path, module) => relative(root, path) === `src${sep}${module}${sep}index.ts`;
const describe = (place) => (place.layer === 'module' ? `src/${place.module}/` : place.layer === 'app' ? 'the app (src/*.ts)' : `src/${place.layer}/`);

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: { type: 'problem', docs: { description: 'imports follow the layers of docs/architecture.md' }, schema: [] },
  create(context) {
    const file = context.filename;
    const check = (node) => {
      const spec = node.source && node.source.type === 'Literal' ? node.source.value : null;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const why = refusal(file, resolve(dirname(file), spec));
      if (why) context.report({ node: node.source, message: why });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default { rules: { layers: rule } };
