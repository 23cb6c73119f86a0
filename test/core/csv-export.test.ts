import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell } from '../../src/core/views/csv-export.ts';

test('cells a spreadsheet would run as formulas are defused', () => {
  assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
  assert.equal(csvCell('+1'), "'+1");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('-2'), "'-2");
});

test('commas, quotes and newlines are quoted; plain values are not', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('alice@corp.example'), 'alice@corp.example');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(3), '3');
});
