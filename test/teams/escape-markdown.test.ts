import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown } from '../../src/teams/escape-markdown.ts';
import { renderPlanCard } from '../../src/teams/cards/plan-card.ts';
import type { PlanView } from '../../src/core/views/plan-view.ts';

test('Markdown emphasis, links, code and strike-through are escaped', () => {
  assert.equal(escapeMarkdown('**bold** _it_ ~~gone~~ `code`'), '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\`');
  assert.equal(escapeMarkdown('[link](http://x)'), '\\[link\\]\\(http://x\\)');
  assert.equal(escapeMarkdown('![img](http://x/a.png)'), '\\!\\[img\\]\\(http://x/a.png\\)');
});

test('HTML and entities are escaped, so <at> and &lt; stay text', () => {
  assert.equal(escapeMarkdown('<b>x</b> <at>Everyone</at>'), '\\<b\\>x\\</b\\> \\<at\\>Everyone\\</at\\>');
  assert.equal(escapeMarkdown('a &lt; b & c'), 'a \\&lt; b \\& c');
});

test('line-start markers (headings, quotes, lists) are escaped, only where they would act', () => {
  assert.equal(escapeMarkdown('# title'), '\\# title');
  assert.equal(escapeMarkdown('> quote'), '\\> quote');
  assert.equal(escapeMarkdown('- item'), '\\- item');
  assert.equal(escapeMarkdown('+ item'), '\\+ item');
  assert.equal(escapeMarkdown('1. first'), '1\\. first');
  assert.equal(escapeMarkdown('12) twelfth'), '12\\) twelfth');
  assert.equal(escapeMarkdown('a-b+c 1. d'), 'a-b+c 1. d');
});

test('the backslash itself is escaped, so an escape cannot be undone', () => {
  assert.equal(escapeMarkdown('\\*'), '\\\\\\*');
});

test('line breaks and control characters fold into a space, so no new line can start a block', () => {
  assert.equal(escapeMarkdown('alice\n# not a heading\r\n- nor a list\u0000'), 'alice \\# not a heading - nor a list ');
});

test('ordinary identifiers and sentences pass through unchanged', () => {
  assert.equal(escapeMarkdown('alice.nguyen@corp.example'), 'alice.nguyen@corp.example');
  assert.equal(escapeMarkdown('Done: 3 sent · 1 skipped · 0 failed'), 'Done: 3 sent · 1 skipped · 0 failed');
  assert.equal(escapeMarkdown('first_last@corp.example'), 'first\\_last@corp.example');
});

test('every user-supplied string in a plan card is escaped; the buttons carry only ids', () => {
  const view: PlanView = {
    planId: 'plan_1',
    warning: null,
    offers: [],
    title: 'Resend activation emails to 1 user?',
    summary: ['1 email to send'],
    rows: [{ who: '**boss**@corp.example', tone: 'good', text: 'will activate', hint: '[click](http://evil)' }],
    hiddenRows: 0,
    rejected: ['line 2: <b>x</b> — not an email'],
    canConfirm: true,
    confirmLabel: 'Send 1 email',
    expiresInMinutes: 15,
  };
  const json = JSON.stringify(renderPlanCard(view));
  for (const raw of ['**boss**', '[click](', '<b>']) assert.ok(!json.includes(JSON.stringify(raw).slice(1, -1)), raw);
  assert.ok(json.includes(JSON.stringify('\\*\\*boss\\*\\*@corp.example')));
  assert.deepEqual(renderPlanCard(view).content.actions?.map((a) => a.data), [{ action: 'confirm', planId: 'plan_1' }, { action: 'cancel', planId: 'plan_1' }]);
});
