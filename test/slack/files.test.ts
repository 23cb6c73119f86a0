import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import { CHANNEL, D, HELEN, USERS, textOf, withSlack, type SlackHarness } from './slack-harness.ts';

const DM = 'D0BOTDM01';

/** A file_share message event as Slack sends it (shape from fixtures/slack/file-share-event.json). */
function fileShare(h: SlackHarness, name: string, content: Uint8Array | string, overrides: { channel?: string; channelType?: string; text?: string; size?: number; ts?: string; user?: string } = {}) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  h.slack.files.set(name, bytes);
  return h.event({
    type: 'message',
    subtype: 'file_share',
    channel: overrides.channel ?? DM,
    channel_type: overrides.channelType ?? 'im',
    user: overrides.user ?? HELEN.id,
    ts: overrides.ts ?? '1795389500.000300',
    text: overrides.text ?? "tomorrow's new hires",
    files: [{ id: `F-${name}`, name, title: name, mimetype: 'text/csv', filetype: name.split('.').pop(), size: overrides.size ?? bytes.byteLength, url_private: h.slack.fileUrl(name), url_private_download: h.slack.fileUrl(name) }],
  });
}

test('a CSV shared in a DM is downloaded with the bot token and becomes a plan in its thread; Confirm sends each user one email', async () => {
  await withSlack(async (h) => {
    const csv = `\uFEFFName;Primary email;Department\r\nAlice;alice.nguyen@${D};Sales\r\n"Li, Bob";bob.li@${D};Ops\r\nCarol;carol.active@${D};HR\r\nBroken;not an email;HR\r\n`;
    const response = await fileShare(h, 'new-hires.csv', csv);
    assert.equal(response.status, 200);
    await h.settle();
    const [download] = h.slack.callsTo('download');
    assert.ok(download);
    assert.equal(download.authorization, `Bearer ${h.slack.botToken}`);
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    assert.equal(plan.channel, DM);
    assert.equal(plan.threadTs, '1795389500.000300');
    assert.match(textOf(plan), /2 emails to send/);
    assert.match(textOf(plan), /line 5: not an email/, 'the bad row is reported with its line number');
    await h.click(plan, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
    assert.equal(h.emailsTo(`bob.li@${D}`), 1);
    assert.equal(h.rt.sim.outbox.length, 2);
  });
});

test('a retried event (same message) posts one plan, not two', async () => {
  await withSlack(async (h) => {
    await fileShare(h, 'a.csv', `alice.nguyen@${D}\n`);
    await fileShare(h, 'a.csv', `alice.nguyen@${D}\n`);
    await h.settle();
    assert.equal(h.messagesWithButton(ACTION_CONFIRM).length, 1);
  });
});

test('in a channel a file is read only when the bot is mentioned', async () => {
  await withSlack(async (h) => {
    await fileShare(h, 'quiet.csv', `alice.nguyen@${D}\n`, { channel: CHANNEL, channelType: 'channel', text: 'for the record', ts: '1795389600.000001' });
    await h.settle();
    assert.equal(h.slack.callsTo('download').length, 0, 'not mentioned: not even downloaded');
    await fileShare(h, 'asked.csv', `alice.nguyen@${D}\n`, { channel: CHANNEL, channelType: 'channel', text: `<@${h.slack.botUserId}> please`, ts: '1795389600.000002' });
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    assert.equal(plan.channel, CHANNEL);
    assert.equal(plan.threadTs, '1795389600.000002');
    assert.equal(h.slack.callsTo('auth.test').length, 1, 'one auth.test for the bot user id, not one per request');
  });
});

test('a binary file, a spreadsheet and an oversized file get a clear reply and no Okta call; the oversized one is not even downloaded', async () => {
  await withSlack(async (h) => {
    await fileShare(h, 'sneaky.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0xfe, 0, 1, 2, 3]), { ts: '1.1' });
    await fileShare(h, 'noise.txt', new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * 37) % 32)), { ts: '1.4' });
    await fileShare(h, 'hires.xlsx', 'whatever', { ts: '1.2' });
    await fileShare(h, 'huge.csv', 'x', { ts: '1.3', size: 50 * 1024 * 1024 });
    await h.settle();
    const replies = h.slack.messages.map((m) => m.text).join('\n');
    assert.match(replies, /"sneaky\.csv" looks like an Excel workbook/);
    assert.match(replies, /"noise\.txt" contains binary data/);
    assert.match(replies, /only read CSV, TSV or TXT files, not “hires\.xlsx”/);
    assert.match(replies, /50\.0 MiB; the limit is 5 MiB/);
    assert.deepEqual(h.slack.callsTo('download').map((c) => c.args.path), ['/files-pri/sneaky.csv', '/files-pri/noise.txt'], 'only the file that might be text is downloaded');
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('a file link on a foreign host never gets the bot token', async () => {
  await withSlack(async (h) => {
    await h.event({
      type: 'message', subtype: 'file_share', channel: DM, channel_type: 'im', user: HELEN.id, ts: '2.1', text: '',
      files: [{ id: 'F1', name: 'x.csv', filetype: 'csv', size: 10, url_private_download: 'https://evil.example/steal.csv' }],
    });
    await h.settle();
    assert.equal(h.slack.callsTo('download').length, 0);
    assert.match(h.slack.messages.map((m) => m.text).join('\n'), /did not give me a download link/);
  });
});

test('a `<!channel>` cell and other markup are shown escaped: nothing the bot posts can ping anyone', async () => {
  await withSlack(async (h) => {
    await fileShare(h, 'evil.csv', `Email\nalice.nguyen@${D}\n<!channel>\n<@U0HELEN> & <https://evil.example|click me>\n@here\n`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    const said = h.slack.everythingSaid();
    assert.doesNotMatch(said, /<!channel>|<!here>|<@U0HELEN>|<https:\/\/evil/, 'no raw mention or link');
    assert.match(said, /&lt;!channel&gt;/);
    assert.match(said, /&amp;/);
    for (const block of plan.blocks) {
      const text = (block as { text?: { type?: string; verbatim?: boolean } }).text;
      if (text?.type === 'mrkdwn') assert.equal(text.verbatim, true, 'verbatim: Slack must not auto-parse @here');
    }
  });
});

test('a bulk run in a 429 storm: every user gets exactly one email, progress is edited in place, the results CSV lands in the thread', async () => {
  const hires: SimulatorSeedUser[] = Array.from({ length: 60 }, (_, i) => ({ login: `hire${String(i).padStart(3, '0')}@${D}`, status: 'PROVISIONED' as const }));
  await withSlack(
    async (h) => {
      await fileShare(h, 'bulk.csv', `Login\n${hires.map((u) => u.login).join('\n')}\n`);
      await h.settle();
      const [plan] = h.messagesWithButton(ACTION_CONFIRM);
      assert.ok(plan);
      assert.match(textOf(plan), /60 emails to send/);
      assert.match(textOf(plan), /and 35 more/);
      const planCsv = h.slack.uploads.find((u) => u.filename.startsWith('plan-'));
      assert.ok(planCsv, 'a big plan comes with a CSV of every row');
      assert.equal(planCsv.threadTs, plan.threadTs ?? plan.ts);

      await h.click(plan, ACTION_CONFIRM, HELEN);
      await h.settle();
      assert.ok(h.rt.sim.count429() > 0, 'the storm happened');
      assert.equal(h.rt.sim.outbox.length, 60);
      assert.equal(new Set(h.rt.sim.outbox.map((mail) => mail.to)).size, 60, 'nobody emailed twice');

      const progress = h.slack.messages.find((m) => /^Finished in/.test(m.text));
      assert.ok(progress, 'one progress message');
      assert.ok(progress.versions.length >= 2, 'edited in place');
      const results = h.slack.uploads.find((u) => u.filename.startsWith('results-'));
      assert.ok(results, 'results CSV uploaded with files.uploadV2');
      assert.equal(results.threadTs, plan.threadTs ?? plan.ts, 'into the plan thread');
      assert.equal(results.content.trim().split(/\r?\n/).length, 61, 'a header and one row per user');
      assert.match(results.content, /hire000@corp\.example.*,sent,/);
      assert.match(textOf(plan), /Done: 60 sent/);
    },
    { simulator: { users: [...USERS, ...hires], rateLimits: { lifecycle: { limit: 15, windowSeconds: 1 } }, concurrencyLimit: 4, latencyMs: 20 }, resend: { concurrency: 12 } },
  );
});

test('markup in a display name and in a file name is escaped too', async () => {
  await withSlack(async (h) => {
    // Helpdesk by email (HANK's), with a display name that tries to ping the channel.
    h.slack.users.set('U0EVE', { id: 'U0EVE', name: '<!channel> Eve & <@U0HELEN>', email: `hank@${D}` });
    await fileShare(h, '<!here>.csv', new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9]), { user: 'U0EVE', ts: '3.1' });
    await fileShare(h, 'ok.csv', `alice.nguyen@${D}\n`, { user: 'U0EVE', ts: '3.2' });
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    await h.click(plan, ACTION_CONFIRM, { id: 'U0EVE', name: 'eve' });
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
    const said = h.slack.everythingSaid();
    assert.match(said, /&lt;!here&gt;\.csv/, 'the file name is echoed, escaped');
    assert.match(said, /&lt;!channel&gt; Eve &amp; &lt;@U0HELEN&gt;/, 'the display name is echoed, escaped');
    assert.doesNotMatch(said, /<!here>|<!channel>|<@U0HELEN>/);
  });
});
