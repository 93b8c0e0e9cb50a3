import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseText, normaliseWithOffsets, tokenize, tokenRanges } from './normalise.ts';

test('Arabic yeh and kaf become Persian: «كارت ملي» = «کارت ملی»', () => {
  assert.equal(normaliseText('كارت ملي'), 'کارت ملی');
  assert.equal(normaliseText('مصطفى'), 'مصطفی');
  assert.equal(normaliseText('مدرسة'), 'مدرسه');
  assert.equal(normaliseText('خانۀ'), 'خانه');
});

test('Persian and Arabic-Indic digits become ASCII', () => {
  assert.equal(normaliseText('کد ۱۲۳۴۵۶۷۸۹۰۱'), 'کد 12345678901');
  assert.equal(normaliseText('٠١٢٣٤٥٦٧٨٩'), '0123456789');
});

test('diacritics and tatweel are removed', () => {
  assert.equal(normaliseText('مُدیرِیَّت'), 'مدیریت');
  assert.equal(normaliseText('کـــــتاب'), 'کتاب');
  assert.equal(normaliseText('رحمٰن'), 'رحمن');
  assert.equal(normaliseText('خانهٔ من'), 'خانه من');
});

test('ZWNJ joins: «می‌خواهم» and «میخواهم» normalise alike; a space stays a space', () => {
  assert.equal(normaliseText('می\u200cخواهم'), 'میخواهم');
  assert.equal(normaliseText('میخواهم'), 'میخواهم');
  assert.equal(normaliseText('می خواهم'), 'می خواهم');
  assert.deepEqual(tokenize('کسب\u200cوکار'), ['کسبوکار']);
  assert.equal(normaliseText('a\u200bb'), 'a b');
  assert.equal(normaliseText('\u200fسلام\u200e'), 'سلام');
});

test('hamza seats and madda fold to the bare letter; a lone hamza goes', () => {
  assert.equal(normaliseText('آموزش'), 'اموزش');
  assert.equal(normaliseText('أحمد إيران'), 'احمد ایران');
  assert.equal(normaliseText('مؤسسه'), 'موسسه');
  assert.equal(normaliseText('مسئول'), 'مسیول');
  assert.equal(normaliseText('اجزاء'), 'اجزا');
  assert.equal(normaliseText('ا\u0653ب'), 'اب', 'decomposed madda folds like the precomposed one');
});

test('Latin is lower-cased, accents removed, NFKC applied, whitespace collapsed', () => {
  assert.equal(normaliseText('  Café\tDÉCLARATION \n '), 'cafe declaration');
  assert.equal(normaliseText('ＩＤ card'), 'id card');
  assert.equal(normaliseText('ﻛﺘﺎﺏ'), 'کتاب', 'Arabic presentation forms');
  assert.equal(normaliseText('İstanbul'), 'istanbul');
  assert.equal(normaliseText('a\u00a0\u00a0b'), 'a b');
  assert.equal(normaliseText('IR-01000001-22'), 'ir-01000001-22');
  assert.equal(normaliseText(''), '');
});

test('tokenize splits on anything that is not a letter or digit', () => {
  assert.deepEqual(tokenize('صدور گواهی‌نامه (رانندگی)، پایه ۲'), ['صدور', 'گواهینامه', 'رانندگی', 'پایه', '2']);
  assert.deepEqual(tokenize("Driver's licence: renew/replace"), ['driver', 's', 'licence', 'renew', 'replace']);
  assert.deepEqual(tokenize('IR-01000001-22'), ['ir', '01000001', '22']);
  assert.deepEqual(tokenize('؟!،'), []);
});

test('offsets map every normalised unit back to its original span', () => {
  const original = 'صُدورِ  گواهی‌نامهٔ';
  const { text, starts, ends } = normaliseWithOffsets(original);
  assert.equal(text, 'صدور گواهینامه');
  assert.equal(starts.length, text.length);
  // The kasra after «ر» belongs to «ر»; the ZWNJ belongs to nothing.
  const ranges = tokenRanges(text);
  const spans = [];
  for (let k = 0; k < ranges.length; k += 2) spans.push(original.slice(starts[ranges[k]!]!, ends[ranges[k + 1]! - 1]!));
  assert.deepEqual(spans, ['صُدورِ', 'گواهی‌نامهٔ']);
  const ye = text.indexOf('ی');
  assert.equal(original.slice(starts[ye]!, ends[ye]!), 'ی');
  assert.equal(original.slice(starts[ye + 1]!, ends[ye + 1]!), 'ن', 'ZWNJ is not part of the next letter');
});

test('offsets survive expansion and surrogate pairs', () => {
  const original = 'x\ufdf2y 𝐀b';
  const { text, starts, ends } = normaliseWithOffsets(original);
  assert.equal(text, 'xاللهy ab');
  for (let i = 1; i <= 4; i++) assert.deepEqual([starts[i], ends[i]], [1, 2]);
  const a = text.indexOf('a');
  assert.deepEqual([starts[a], ends[a]], [4, 6]);
});
