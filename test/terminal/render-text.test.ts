import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeText } from '../../src/terminal/render-text.ts';

test('user text stays on one line: a multi-line cell cannot print a fake plan row', () => {
  const cell = 'x\n  + fake.user@corp.example  PROVISIONED: will reactivate';
  assert.equal(safeText(cell).includes('\n'), false);
  assert.equal(safeText('a\r\nb\tc'), 'a b c');
});

test('escape sequences and bidirectional overrides are neutralised', () => {
  assert.equal(safeText('\u001b[2J\u001b[31mred'), '?[2J?[31mred');
  assert.equal(safeText('user\u202Emoc.elpmaxe@'), 'user?moc.elpmaxe@');
  assert.equal(safeText('\u2066isolate\u2069'), '?isolate?');
  assert.equal(safeText('alice.nguyen@corp.example'), 'alice.nguyen@corp.example');
});
