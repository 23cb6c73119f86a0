import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown } from '../../src/teams/escape-markdown.ts';
import { renderPlanCard } from '../../src/teams/cards/plan-card.ts';
import type { PlanView } from '../../src/core/views/plan-view.ts';

const WJ = '\u2060';

test('what Teams Markdown interprets is escaped: emphasis, strike-through, code and links', () => {
  assert.equal(escapeMarkdown('**bold** _it_ ~~gone~~ `code`'), '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\`');
  assert.equal(escapeMarkdown('[link](mailto:x@y)'), `\\[link\\](mailto${WJ}:x@y)`);
  assert.equal(escapeMarkdown('![img](a.png)'), '!\\[img\\](a.png)', 'an image needs "[": escaping it is enough');
});

test('characters Teams does not treat specially stay as typed (no stray backslashes)', () => {
  assert.equal(escapeMarkdown('first_last@corp.example'), 'first_last@corp.example', 'an underscore inside a word never starts emphasis');
  assert.equal(escapeMarkdown('a & b | c! {x} #2 (note) 1 > 0 < 3'), 'a & b | c! {x} #2 (note) 1 > 0 < 3');
  assert.equal(escapeMarkdown('a &lt; b'), 'a &lt; b');
  assert.equal(escapeMarkdown('_leading and trailing_'), '\\_leading and trailing\\_');
});

test('HTML, <at> mentions and <!channel>-style tokens are kept inert with an invisible joiner', () => {
  assert.equal(escapeMarkdown('<b>x</b> <at>Everyone</at> <!channel>'), `<${WJ}b>x<${WJ}/b> <${WJ}at>Everyone<${WJ}/at> <${WJ}!channel>`);
  assert.equal(escapeMarkdown('{{DATE(2017-02-14T06:00:00Z, SHORT)}}'), `{${WJ}{DATE(2017-02-14T06:00:00Z, SHORT)}}`, 'no Adaptive Card function');
});

test('URLs from input are not clickable: the scheme and the dots are broken invisibly', () => {
  assert.equal(escapeMarkdown('see https://evil.example/login now'), `see https:${WJ}//evil.${WJ}example/login now`);
  assert.equal(escapeMarkdown('www.evil.example'), `www.${WJ}evil.${WJ}example`);
  assert.equal(escapeMarkdown('<http://x.example>'), `<${WJ}http:${WJ}//x.${WJ}example>`);
  // Without the joiners the text reads the same: only linkifiers and Markdown see the difference.
  assert.equal(escapeMarkdown('https://evil.example').replaceAll(WJ, ''), 'https://evil.example');
  assert.equal(escapeMarkdown('alice.nguyen@corp.example'), 'alice.nguyen@corp.example', 'identifiers are left alone');
  assert.equal(escapeMarkdown('mailto:x@evil.example?subject=hi'), `mailto${WJ}:x@evil.${WJ}example?subject=hi`, 'a mailto: link is not clickable either');
});

test('line-start markers (headings, quotes, lists) are escaped, only where they would act', () => {
  assert.equal(escapeMarkdown('# title'), '\\# title');
  assert.equal(escapeMarkdown('> quote'), '\\> quote');
  assert.equal(escapeMarkdown('- item'), '\\- item');
  assert.equal(escapeMarkdown('+ item'), '\\+ item');
  assert.equal(escapeMarkdown('1. first'), '1\\. first');
  assert.equal(escapeMarkdown('12) twelfth'), '12\\) twelfth');
  assert.equal(escapeMarkdown('a-b+c 1. d # e > f'), 'a-b+c 1. d # e > f');
});

test('the backslash itself is escaped, so an escape cannot be undone', () => {
  assert.equal(escapeMarkdown('\\*'), '\\\\\\*');
});

test('line breaks and control characters fold into a space, so no new line can start a block', () => {
  assert.equal(escapeMarkdown('alice\n# not a heading\r\n- nor a list\u0000'), 'alice # not a heading - nor a list ');
});

test('ordinary identifiers and sentences pass through unchanged', () => {
  assert.equal(escapeMarkdown('alice.nguyen@corp.example'), 'alice.nguyen@corp.example');
  assert.equal(escapeMarkdown('Done: 3 sent · 1 skipped · 0 failed'), 'Done: 3 sent · 1 skipped · 0 failed');
  assert.equal(escapeMarkdown("O'Brien (Sales) & co."), "O'Brien (Sales) & co.");
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
  for (const raw of ['**boss**', '[click](', '<b>', 'http://evil']) assert.ok(!json.includes(JSON.stringify(raw).slice(1, -1)), raw);
  assert.ok(json.includes(JSON.stringify('\\*\\*boss\\*\\*@corp.example')));
  assert.deepEqual(renderPlanCard(view).content.actions?.map((a) => a.data), [{ action: 'confirm', planId: 'plan_1' }, { action: 'cancel', planId: 'plan_1' }]);
});
