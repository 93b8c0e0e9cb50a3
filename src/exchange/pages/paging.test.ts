import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPage, pageHref, pageOf, pageSize } from './paging.tsx';

test('a page number from the address: anything odd is the first page, never an error', () => {
  assert.equal(pageOf('3'), 3);
  for (const raw of [undefined, '', '0', '-2', '1.5', 'abc', '1e9', '999999999']) assert.equal(pageOf(raw), 1, String(raw));
});

test("page links keep the address's other parameters, drop one-time notices, and leave page 1 out", () => {
  const href = pageHref('/staff/exchange/agencies/A/requests', '/staff/exchange/agencies/A/requests/new?lang=en&outgoing=3&saved=1&conflict=1', 'incoming');
  assert.equal(href(2), '/staff/exchange/agencies/A/requests?lang=en&outgoing=3&incoming=2');
  assert.equal(href(1), '/staff/exchange/agencies/A/requests?lang=en&outgoing=3');
  assert.equal(pageHref('/staff/exchange/board', '/staff/exchange/board?page=4', 'page')(1), '/staff/exchange/board');
});

test('a page past the end shows the last page; an empty list is one empty page', async () => {
  const rows = Array.from({ length: pageSize * 2 + 3 }, (_, i) => i);
  const load = async ({ offset, limit }: { offset: number; limit: number }) => ({ total: rows.length, items: rows.slice(offset, offset + limit) });
  const second = await loadPage(2, load);
  assert.deepEqual([second.page, second.pages, second.items[0]], [2, 3, pageSize]);
  const past = await loadPage(40, load);
  assert.deepEqual([past.page, past.items], [3, [pageSize * 2, pageSize * 2 + 1, pageSize * 2 + 2]]);
  const empty = await loadPage(5, async () => ({ total: 0, items: [] }));
  assert.deepEqual([empty.page, empty.pages, empty.items], [1, 1, []]);
});
