import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { createI18n } from '../i18n/translate.ts';
import { CheckboxGroup, Select, TextInput, Textarea } from './form-fields.tsx';
import { ErrorSummary } from './error-summary.tsx';
import { examples as fieldExamples } from './examples/form-fields.examples.tsx';
import { examples as summaryExamples } from './examples/error-summary.examples.tsx';

const en = createI18n('en');
const fa = createI18n('fa');

test('a field ties its hint and error to the control and marks it invalid', () => {
  const html = renderToString(h(TextInput, { i18n: en, id: 'f-x', name: 'x', label: 'Fee', hint: 'In rials', error: 'Enter a number', value: '<b>' }));
  assert.match(html, /<div class="field field-error"><label for="f-x">Fee<\/label>/);
  assert.match(html, /<p id="f-x-hint" class="hint">In rials<\/p>/);
  assert.match(html, /<p id="f-x-error" class="field-error-message"><span class="visually-hidden">Error: <\/span>Enter a number<\/p>/);
  assert.match(html, /aria-describedby="f-x-hint f-x-error" aria-invalid="true"/);
  assert.match(html, /value="&lt;b>"|value="&lt;b&gt;"/);
  const plain = renderToString(h(TextInput, { i18n: en, id: 'f-y', name: 'y', label: 'Name', value: '', optional: true }));
  assert.doesNotMatch(plain, /aria-describedby|aria-invalid/);
  assert.match(plain, /Name \(optional\)/);
});

test('textarea, select and checkbox group follow the same pattern', () => {
  const area = renderToString(h(Textarea, { i18n: fa, id: 'd', name: 'd', label: 'شرح', value: '</textarea><script>', error: 'خطا' }));
  assert.doesNotMatch(area, /<script>/);
  assert.match(area, /aria-describedby="d-error" aria-invalid="true"/);
  const select = renderToString(h(Select, { i18n: en, id: 's', name: 's', label: 'Kind', value: 'b', emptyLabel: 'Choose', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] }));
  assert.match(select, /<option value(="")?>Choose<\/option>/);
  assert.match(select, /<option value="b" selected>B<\/option>/);
  const group = renderToString(h(CheckboxGroup, { i18n: en, id: 'c', name: 'c', label: 'Channels', hint: 'All that apply', error: 'Choose one', values: ['y'], options: [{ value: 'x', label: 'X' }, { value: 'y', label: 'Y' }] }));
  assert.match(group, /<fieldset aria-describedby="c-hint c-error"><legend>Channels<\/legend>/);
  assert.match(group, /id="c" name="c" value="x"/, 'the first box carries the id the error summary links to');
  assert.match(group, /id="c-2" name="c" value="y" checked/);
  assert.match(group, /<label for="c-2">Y<\/label>/);
});

test('the error summary links each problem to its field', () => {
  const html = renderToString(h(ErrorSummary, { i18n: en, errors: [{ fieldId: 'f-x', text: 'Enter a number' }, { text: 'Reload the page' }] }));
  assert.match(html, /role="alert" aria-labelledby="error-summary-title"/);
  assert.match(html, /<h2 id="error-summary-title">There is a problem<\/h2>/);
  assert.match(html, /<li><a href="#f-x">Enter a number<\/a><\/li><li>Reload the page<\/li>/);
  assert.equal(renderToString(h(ErrorSummary, { i18n: fa, errors: [] })), '');
  assert.match(renderToString(h(ErrorSummary, { i18n: fa, errors: [{ text: 'x' }] })), /مشکلی وجود دارد/);
});

test('every example renders in both languages', () => {
  for (const { name, render } of [...fieldExamples, ...summaryExamples]) {
    for (const i18n of [fa, en]) assert.ok(renderToString(render(i18n)).length > 0 || name.includes('nothing'), name);
  }
});

test('web addresses, e-mail addresses and phone numbers are typed left to right, even on a Persian page', () => {
  for (const type of ['url', 'email', 'tel'] as const) {
    assert.match(renderToString(h(TextInput, { i18n: fa, id: 'a', name: 'a', label: 'نشانی', type, value: '' })), /dir="ltr"/, type);
  }
  assert.doesNotMatch(renderToString(h(TextInput, { i18n: fa, id: 'n', name: 'n', label: 'نام', value: '' })), /dir=/, 'other text follows the page');
  assert.match(renderToString(h(TextInput, { i18n: fa, id: 'c', name: 'c', label: 'مرجع', type: 'url', dir: 'auto', value: '' })), /dir="auto"/, 'a given direction wins');
});
