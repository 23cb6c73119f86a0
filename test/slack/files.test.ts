import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import type { Json } from '../support/fake-slack-api.ts';
import { CHANNEL, D, HELEN, USERS, textOf, withSlack, type SlackHarness } from './slack-harness.ts';

const DM = 'D0BOTDM01';

/** The file object Slack puts in a file_share event: url_private is the file's page, url_private_download its bytes. */
function fileObject(h: SlackHarness, name: string, size: number) {
  return { id: `F-${name}`, name, title: name, mimetype: 'text/csv', filetype: name.split('.').pop(), size, url_private: h.slack.fileViewUrl(name), url_private_download: h.slack.fileUrl(name) };
}

/** A file_share message event as Slack sends it (shape from fixtures/slack/file-share-event.json). */
function fileShare(h: SlackHarness, name: string, content: Uint8Array | string, overrides: { channel?: string; channelType?: string; text?: string; size?: number; ts?: string; threadTs?: string; user?: string; files?: Json[] } = {}) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  h.slack.files.set(name, bytes);
  return h.event({
    type: 'message',
    subtype: 'file_share',
    channel: overrides.channel ?? DM,
    channel_type: overrides.channelType ?? 'im',
    user: overrides.user ?? HELEN.id,
    ts: overrides.ts ?? '1795389500.000300',
    ...(overrides.threadTs ? { thread_ts: overrides.threadTs } : {}),
    text: overrides.text ?? "tomorrow's new hires",
    files: overrides.files ?? [fileObject(h, name, overrides.size ?? bytes.byteLength)],
  });
}

test('a CSV shared in a DM is downloaded with the bot token and becomes a plan in its thread; Confirm sends each user one email', async () => {
  await withSlack(async (h) => {
    const csv = `\uFEFFName;Primary email;Department\r\nAlice;alice.nguyen@${D};Sales\r\n"Li, Bob";bob.li@${D};Ops\r\nCarol;carol.active@${D};HR\r\nBroken;not an email;HR\r\n`;
    const response = await fileShare(h, 'new-hires.csv', csv);
    assert.equal(response.status, 200);
    await h.settle();
    assert.deepEqual(h.slack.callsTo('download').map((c) => [c.args.path, c.authorization]), [['/files-pri/new-hires.csv', `Bearer ${h.slack.botToken}`]], 'url_private_download, with the bot token');
    assert.equal(h.slack.callsTo('view').length, 0, 'not url_private (the file\'s page)');
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
    // A file in, a file of results out, however short: every row with its outcome.
    const results = h.slack.uploads.find((u) => u.filename.startsWith('results-'));
    assert.ok(results, 'a results CSV for a file-sourced run');
    assert.equal(results.threadTs, plan.threadTs);
    assert.match(results.content, /\r\n5,not an email,,,,,rejected,not_understood,/);
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
    // The one auth.test happens at start-up (before the harness counts calls), never per request.
    assert.ok(h.slack.callsTo('auth.test').length <= 1, 'one auth.test for the bot user id, not one per request');
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
      assert.ok(progress.versions.length >= 3, 'edited in place while running, then finished');
      // Paced by the core (50 ms here, 2 s in production), the final "Finished in" edit included.
      const edits = h.slack.callsTo('chat.update').filter((c) => c.args.ts === progress.ts);
      const times = [progress.postedAt, ...edits.map((c) => c.at)];
      const gaps = times.slice(1).map((t, i) => Math.round(t - (times[i] ?? 0)));
      assert.ok(gaps.every((gap) => gap >= 45), `progress edits at least ~50 ms apart: ${gaps.join(', ')} ms`);
      const results = h.slack.uploads.find((u) => u.filename.startsWith('results-'));
      assert.ok(results, 'results CSV uploaded with files.uploadV2');
      assert.equal(results.threadTs, plan.threadTs ?? plan.ts, 'into the plan thread');
      assert.equal(results.content.trim().split(/\r?\n/).length, 61, 'a header and one row per user');
      assert.match(results.content, /hire000@corp\.example.*,sent,/);
      assert.match(textOf(plan), /Done: 60 sent/);
    },
    { simulator: { users: [...USERS, ...hires], rateLimits: { lifecycle: { limit: 15, windowSeconds: 1 } }, concurrencyLimit: 2, latencyMs: 20 }, resend: { concurrency: 12 } },
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

test('a refused file in a channel at top level gets a reply Slack really shows, with its name escaped; one in a thread is answered in that thread', async () => {
  await withSlack(async (h) => {
    await fileShare(h, '<!channel>.exe', 'MZ', { channel: CHANNEL, channelType: 'channel', text: `<@${h.slack.botUserId}> these`, ts: '1795389800.000001' });
    await h.settle();
    const [refusal] = h.slack.notices;
    assert.ok(refusal);
    assert.deepEqual({ via: refusal.via, user: refusal.user, threadTs: refusal.threadTs, visible: refusal.visible }, { via: 'chat.postEphemeral', user: HELEN.id, threadTs: null, visible: true }, 'beside the message: its own thread has no replies');
    assert.match(refusal.text, /not “&lt;!channel&gt;\.exe”/, 'the file name is escaped');
    assert.doesNotMatch(h.slack.everythingSaid(), /<!channel>/);

    await fileShare(h, 'photo.png', 'x', { channel: CHANNEL, channelType: 'channel', text: `<@${h.slack.botUserId}>`, ts: '1795389800.000003', threadTs: '1795389800.000002' });
    await h.settle();
    const inThread = h.slack.notices[1];
    assert.deepEqual(inThread && { threadTs: inThread.threadTs, visible: inThread.visible }, { threadTs: '1795389800.000002', visible: true }, 'a reply means the thread exists');
    assert.equal(h.slack.callsTo('download').length, 0);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('Slack Connect: a shared channel\'s file event holds only a stub; files.info supplies name, type, size and link before anything is decided', async () => {
  await withSlack(async (h) => {
    const stub = (id: string) => ({ id, mode: 'file_access', file_access: 'check_file_info', created: 0, timestamp: 0, user: '' });
    const csv = `alice.nguyen@${D}\n`;
    h.slack.fileInfos.set('F0CONNECT', { ...fileObject(h, 'connect.csv', csv.length), id: 'F0CONNECT' });
    h.slack.fileInfos.set('F0SHEET', { ...fileObject(h, 'payroll.xlsx', 10), id: 'F0SHEET', filetype: 'xlsx' });
    const mention = `<@${h.slack.botUserId}> from our partner`;
    await fileShare(h, 'connect.csv', csv, { channel: CHANNEL, channelType: 'channel', text: mention, ts: '1795389900.000001', files: [stub('F0CONNECT')] });
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan, 'the file was read through files.info');
    assert.match(textOf(plan), /alice\.nguyen@corp\.example/);
    const [info] = h.slack.callsTo('files.info');
    assert.equal(info?.args.file, 'F0CONNECT');
    assert.equal(info?.authorization, `Bearer ${h.slack.botToken}`);
    assert.deepEqual(h.slack.callsTo('download').map((c) => c.args.path), ['/files-pri/connect.csv']);

    await fileShare(h, 'payroll.xlsx', 'PK', { channel: CHANNEL, channelType: 'channel', text: mention, ts: '1795389900.000002', files: [stub('F0SHEET')] });
    await fileShare(h, 'gone.csv', 'x', { channel: CHANNEL, channelType: 'channel', text: mention, ts: '1795389900.000003', files: [stub('F0GONE')] });
    await h.settle();
    const told = h.slack.visibleNoticesTo(HELEN.id).join('\n');
    assert.match(told, /only read CSV, TSV or TXT files, not “payroll\.xlsx”/, 'refused on what files.info said');
    assert.match(told, /would not give me the details of the file/);
    assert.equal(h.slack.callsTo('download').length, 1, 'neither of those was downloaded');
  });
});

test('a DM that names nobody ("thanks") gets a short pointer, not an error, and asks Okta nothing; one that names someone gets a plan', async () => {
  await withSlack(async (h) => {
    const dm = (text: string, ts: string) => h.event({ type: 'message', channel: DM, channel_type: 'im', user: HELEN.id, ts, text });
    await dm('thanks!', '1795390000.000001');
    await h.settle();
    const [hint] = h.slack.messages;
    assert.ok(hint);
    assert.match(hint.text, /^:wave: I resend Okta activation emails/);
    assert.doesNotMatch(hint.text, /None of|No users named|:warning:/);
    assert.equal(h.rt.sim.calls.length, 0);
    assert.equal(h.slack.callsTo('users.info').length, 0, 'not even the requester was looked up');

    await dm(`could you resend to alice.nguyen@${D} please`, '1795390000.000002');
    await h.settle();
    assert.equal(h.messagesWithButton(ACTION_CONFIRM).length, 1);
  });
});
