import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every web address and e-mail written in the repository — demo data, defaults, examples, docs
 * and tests — uses a name reserved for examples (RFC 2606, RFC 6761: `*.example`, `*.invalid`,
 * `*.test`, `localhost`, `example.com`), never a real domain such as an agency's `*.gov.ir`:
 * a demo must not send a reader, or a request, to a real government site.
 */
const root = new URL('../', import.meta.url).pathname;
const scanned = ['src', 'demo', 'test', 'bench', 'scripts', 'docs', 'README.md'];
const textFile = /\.(ts|tsx|js|mjs|json|md|css|html|txt|yml|yaml|sql)$/;
/** Not a web address anyone is sent to: the X-Road protocol's XML namespace. */
const namespaces = new Set(['x-road.eu']);

/** Only a name whose last label is alphabetic is a domain; others are IP literals or placeholders. */
const reserved = (host: string): boolean =>
  !/\.[a-z]{2,}$/.test(host) ||
  /(^|\.)(example|invalid|test|localhost)$/.test(host) ||
  /(^|\.)example\.(com|net|org)$/.test(host) ||
  namespaces.has(host);

function files(path: string): string[] {
  const full = join(root, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((name) => (name === 'node_modules' ? [] : files(join(path, name))));
}

/** Hosts of `scheme://host` addresses and `name@host` e-mail addresses in a text. */
export function hostsIn(text: string): string[] {
  const hosts: string[] = [];
  for (const m of text.matchAll(/\b(?:https?|wss?|ftp):\/\/([a-z0-9.-]+)/gi)) hosts.push(m[1]!.toLowerCase().replace(/\.$/, ''));
  for (const m of text.matchAll(/\b[a-z0-9._%+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi)) hosts.push(m[1]!.toLowerCase());
  return hosts;
}

test('the scan finds addresses and tells reserved hosts from real ones', () => {
  assert.deepEqual(hostsIn('see https://tax.gov.ir/x and mail info@nocr.example or https://${host}/'), ['tax.gov.ir', 'nocr.example']);
  assert.equal(reserved('tax.gov.ir'), false);
  assert.equal(reserved('example.ir'), false);
  assert.equal(reserved('energy.example'), true);
  assert.equal(reserved('my.onewindow.example'), true);
  assert.equal(reserved('0x7f.1'), true, 'an IP literal is no domain');
});

test('no web address or e-mail in the repository points outside the reserved example domains', () => {
  const found: string[] = [];
  const self = 'test/reserved-domains.test.ts';
  for (const file of scanned.flatMap(files).filter((f) => textFile.test(f) && f !== self)) {
    for (const host of hostsIn(readFileSync(join(root, file), 'utf8'))) if (!reserved(host)) found.push(`${file}: ${host}`);
  }
  assert.deepEqual(found, []);
});
