import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsOf } from './columns.ts';
import { parseImportFile } from './parse.ts';

// The HTTP import and the CLI (`onewindow import`) both read files through parseImportFile.
const issuesOf = (text: string, format: 'csv' | 'json') => {
  const parsed = parseImportFile(Buffer.from(text, 'utf8'), format, columnsOf('agencies'));
  return parsed.ok ? [] : parsed.issues.map((i) => [i.line, i.field, i.code]);
};

test('a CSV cell holding NUL is refused by line and column; the other cells are read', () => {
  assert.deepEqual(issuesOf('code,name_fa,name_en,kind\r\nOK-1,الف,A,other\r\nBAD-1,ب\u0000,B,other\r\n', 'csv'), [[3, 'name_fa', 'INVALID_CHARACTER']]);
});

test('a JSON value holding a lone surrogate or NUL escape is refused by item and field', () => {
  assert.deepEqual(issuesOf('[{"code":"A-1","nameFa":"\\ud800","nameEn":"A","kind":"other"},{"code":"A-2","nameFa":"ب","nameEn":"\\u0000","kind":"other"}]', 'json'), [
    [1, 'nameFa', 'INVALID_CHARACTER'],
    [2, 'nameEn', 'INVALID_CHARACTER'],
  ]);
});

test('paired surrogates (an emoji) and ordinary Persian text are kept', () => {
  const parsed = parseImportFile(Buffer.from('[{"code":"A-1","nameFa":"الف \\ud83d\\ude00","nameEn":"A","kind":"other"}]'), 'json', columnsOf('agencies'));
  assert.ok(parsed.ok);
  assert.equal(parsed.records[0]!.values.nameFa, 'الف 😀');
});
