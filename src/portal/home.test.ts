import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { lifeEvents } from '../core/taxonomy.ts';
import type { CatalogEntry } from '../registry/index.ts';
import { createI18n } from '../web/i18n/translate.ts';
import { HomePage, mostRequested } from './home.tsx';

const entry = (id: string, annualUsers: number | null): CatalogEntry => ({
  id,
  agencyCode: 'A',
  nameFa: `خدمت ${id}`,
  nameEn: `Service ${id}`,
  descriptionFa: '',
  descriptionEn: '',
  topic: 'health',
  audiences: ['citizens'],
  maturity: 3,
  deliveryStatus: 'delivered',
  channels: ['web'],
  externalCode: null,
  parentId: null,
  annualUsers,
});

test('most requested: the top by annual users, ties by identifier, services without figures left out', () => {
  const entries = [entry('E', 5), entry('B', 50), entry('D', null), entry('A', 50), entry('C', 7), entry('F', 0)];
  assert.deepEqual(mostRequested(entries, 3).map((s) => s.id), ['A', 'B', 'C']);
  assert.deepEqual(mostRequested(entries, 10).map((s) => s.id), ['A', 'B', 'C', 'E']);
  assert.deepEqual(mostRequested([], 3), []);
});

test('every life event links to the catalog filtered by it', () => {
  const html = renderToString(HomePage({ ctx: { i18n: createI18n('en'), url: '/', demo: false, staffName: null }, popular: [], completion: { identified: 0, delivered: 0, coverage: null } }));
  for (const event of Object.keys(lifeEvents)) assert.ok(html.includes(`href="/services?lifeEvent=${event}"`), event);
});

test('the home page renders in both directions, with a share that is never NaN', () => {
  for (const locale of ['fa', 'en'] as const) {
    const i18n = createI18n(locale);
    const html = renderToString(HomePage({ ctx: { i18n, url: '/', demo: false, staffName: null }, popular: [], completion: { identified: 0, delivered: 0, coverage: null } }));
    assert.match(html, new RegExp(`<html lang="${locale}" dir="${i18n.dir}">`));
    assert.doesNotMatch(html, /NaN/);
    assert.match(html, /<span class="card-value">—<\/span>/);
  }
});
