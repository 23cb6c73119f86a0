import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { MAX_TEXT_CHARS, text } from '../../src/teams/cards/card-kit.ts';
import { MAX_ACTIVITY_BYTES, type JsonObject } from '../support/fake-bot-connector.ts';
import { cardOf, cardTexts, D, fixture, isPlanCard, personalMessage, withTeams } from './teams-harness.ts';

// Teams refuses a message over about 28 KB with 413, and so does the fake Bot Connector: a card
// that grows with its input (long rows, long unreadable lines) must stay under it.

const LONG_LOCAL = 'a'.repeat(40);
const USERS: SimulatorSeedUser[] = Array.from({ length: 25 }, (_, i) => ({ login: `${LONG_LOCAL}.hire${String(i).padStart(2, '0')}@${D}`, status: 'PROVISIONED' as const }));

test('the fake Bot Connector refuses an activity over 28 KB with 413, as Teams does', async () => {
  await withTeams(async (h) => {
    const response = await fetch(`${h.connector.url}v3/conversations/a%3A1/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(MAX_ACTIVITY_BYTES) }),
    });
    assert.equal(response.status, 413);
    assert.equal(h.connector.posted().length, 0);
  });
});

test('a plan for 25 users and 10 long unreadable rows fits in one Teams message', async () => {
  await withTeams(
    async (h) => {
      // Rows a spreadsheet export can produce: whole paragraphs in one cell, with Markdown in them.
      const junk = Array.from({ length: 10 }, (_, i) => `row ${i} ${'**not** an [email](http://x.example) <b>'.repeat(150)}`);
      const csv = ['Email', ...USERS.map((u) => u.login), ...junk].join('\r\n');
      h.connector.files.set('long.csv', { bytes: Buffer.from(csv) });
      const attachment = fixture('file-download-info-attachment');
      await h.post({ ...personalMessage(''), attachments: [{ ...attachment, name: 'long.csv', content: { ...(attachment.content as JsonObject), downloadUrl: h.connector.fileUrl('long.csv') } }] });

      const plan = await h.connector.waitFor(isPlanCard, 15_000);
      const texts = cardTexts(cardOf(plan));
      assert.equal(texts[0], 'Resend activation emails to 25 users?');
      assert.ok(texts.some((t) => t.startsWith('line ')), 'the unreadable rows are listed');
      const sent = h.connector.calls.find((call) => call.method === 'POST' && Array.isArray(call.body?.attachments));
      const bytes = Buffer.byteLength(JSON.stringify(sent?.body), 'utf8');
      assert.ok(bytes < MAX_ACTIVITY_BYTES, `${bytes} bytes`);
      assert.ok(!h.connector.calls.some((call) => call.status === 413));
    },
    { users: USERS },
  );
});

test('no single TextBlock carries more than a thousand characters of input', () => {
  const block = text('x'.repeat(50_000));
  assert.equal(String(block.text).length, MAX_TEXT_CHARS);
  assert.ok(String(block.text).endsWith('…'));
  assert.equal(text('short').text, 'short');
});
