import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createI18n } from '../src/web/i18n/translate.ts';
import { registeredBundles } from '../src/web/i18n/messages.ts';
import '../src/app.ts'; // loads every module's pages, and so registers every bundle

const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceText(): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts')) parts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(srcDir);
  return parts.join('\n');
}

/** Every message file in the tree, found on disk so a bundle nobody registers cannot hide. */
function messageFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.en\.json$|^en\.json$/.test(name) && (name.startsWith('messages') || dir.endsWith(join('i18n', 'messages')))) found.push(path);
    }
  };
  walk(srcDir);
  return found;
}

const bundles = Object.fromEntries(registeredBundles().map((b) => [b.name, b]));

test('every message file on disk is registered by the module that owns it', () => {
  const registeredKeys = new Set(registeredBundles().flatMap((b) => Object.keys(b.en)));
  const files = messageFiles();
  assert.ok(files.length >= 8, `found only ${files.length} message files`);
  for (const file of files) {
    const keys = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
    const missing = keys.filter((k) => !registeredKeys.has(k));
    assert.deepEqual(missing, [], `${file}: not registered (import its pages/messages.ts from the module's pages)`);
  }
});

test('every key exists in both languages, with the same placeholders', () => {
  for (const [name, bundle] of Object.entries(bundles)) {
    const fa = bundle.fa as Record<string, string>;
    const en = bundle.en as Record<string, string>;
    assert.deepEqual(Object.keys(fa).sort(), Object.keys(en).sort(), `${name}: keys differ between fa and en`);
    for (const key of Object.keys(en)) {
      assert.ok(fa[key]!.trim() && en[key]!.trim(), `${name}: ${key} is empty`);
      assert.deepEqual(placeholders(fa[key]!), placeholders(en[key]!), `${name}: ${key} has different placeholders`);
    }
  }
});

test('no key is defined in two bundles, and every key is used in the code (keys are written out in full)', () => {
  const code = sourceText();
  const seen = new Map<string, string>();
  for (const [name, bundle] of Object.entries(bundles)) {
    for (const key of Object.keys(bundle.en)) {
      assert.ok(!seen.has(key), `${key} is in both ${seen.get(key)} and ${name}`);
      seen.set(key, name);
      assert.ok(code.includes(`'${key}'`) || code.includes(`"${key}"`), `${key} (${name}) is not used anywhere`);
    }
  }
});

test('numbers and dates: Persian digits and the Persian calendar in fa, Gregorian in en', () => {
  const fa = createI18n('fa');
  const en = createI18n('en');
  assert.equal(fa.n(1234567), '۱٬۲۳۴٬۵۶۷');
  assert.equal(en.n(1234567), '1,234,567');
  assert.match(fa.pct(0.63), /۶۳/);
  assert.equal(en.pct(0.63), '63%');
  assert.match(fa.date('2023-03-21'), /۱۴۰۲/, 'Nowruz 2023 is the first day of 1402');
  assert.match(fa.date('2023-03-21'), /فروردین/);
  assert.match(en.date('2023-03-21'), /21 March 2023/);
  assert.equal(fa.dir, 'rtl');
  assert.equal(en.dir, 'ltr');
});
