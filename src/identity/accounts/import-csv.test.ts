import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvReader, CsvError, type CsvRecord } from './import-csv.ts';

const readAll = (...chunks: string[]): CsvRecord[] => {
  const r = csvReader();
  return [...chunks.flatMap((c) => r.push(c)), ...r.end()];
};

test('plain, quoted, CRLF, BOM, empty lines and no final line break; the same however the text is cut', () => {
  const text = '\uFEFFa,b,c\r\n1,"x, ""y""",3\r\n\r\n4,"multi\nline",6\n7,8,"9"';
  const expected = [
    { line: 1, cells: ['a', 'b', 'c'] },
    { line: 2, cells: ['1', 'x, "y"', '3'] },
    { line: 4, cells: ['4', 'multi\nline', '6'] },
    { line: 6, cells: ['7', '8', '9'] },
  ];
  assert.deepEqual(readAll(text), expected);
  for (let cut = 1; cut < text.length; cut++) assert.deepEqual(readAll(text.slice(0, cut), text.slice(cut)), expected, `cut at ${cut}`);
  assert.deepEqual(readAll(...text), expected, 'one character at a time');
});

test('plain lines cut in place: empty cells, a carriage return inside a cell, plain lines before and after a quote further on', () => {
  const text = 'a,b,c\n1,,\n2,x\ry,z\r\n,,\n3,"q",4\n5,6,7\n';
  const expected = [
    { line: 1, cells: ['a', 'b', 'c'] },
    { line: 2, cells: ['1', '', ''] },
    { line: 3, cells: ['2', 'x\ry', 'z'] },
    { line: 4, cells: ['', '', ''] },
    { line: 5, cells: ['3', 'q', '4'] },
    { line: 6, cells: ['5', '6', '7'] },
  ];
  assert.deepEqual(readAll(text), expected);
  for (let cut = 1; cut < text.length; cut++) assert.deepEqual(readAll(text.slice(0, cut), text.slice(cut)), expected, `cut at ${cut}`);
});

test('faults are CsvErrors with the line and the reason csv-parse gives them', () => {
  const fault = (text: string) => {
    try {
      readAll(text);
    } catch (e) {
      assert.ok(e instanceof CsvError);
      return [e.line, e.reason];
    }
    return assert.fail('no error');
  };
  assert.deepEqual(fault('a,b\n1,2,3\n'), [2, 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH']);
  assert.deepEqual(fault('a,b\n1,"2\n'), [2, 'CSV_QUOTE_NOT_CLOSED']);
  assert.deepEqual(fault('a,b\n1,"2"x\n'), [2, 'CSV_INVALID_CLOSING_QUOTE']);
  assert.deepEqual(fault('a,b\n1,2"\n'), [2, 'CSV_INVALID_OPENING_QUOTE']);
});
