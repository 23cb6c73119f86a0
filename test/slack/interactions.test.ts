import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_CANCEL, ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import type { Json, PostedMessage } from '../support/fake-slack-api.ts';
import { CHANNEL, D, HANK, HELEN, USERS, sign, textOf, withSlack, type SlackHarness } from './slack-harness.ts';

test('someone else pressing Confirm on a fresh plan sees "not your request" (Slack really shows it) and nothing is sent; the requester can still confirm', async () => {
  await withSlack(async (h) => {
    await h.command(HELEN, `alice.nguyen@${D}`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    await h.click(plan, ACTION_CONFIRM, HANK);
    await h.settle();
    // The plan's thread has no replies yet: an ephemeral sent there would never be shown.
    assert.deepEqual(h.slack.visibleNoticesTo(HANK.id), [':information_source: This is not your request: only helen can confirm it.'], 'only the presser sees it, and sees it');
    assert.deepEqual(h.slack.notices.filter((n) => !n.visible), [], 'nothing was sent where Slack would not show it');
    assert.equal(h.slack.visibleNoticesTo(HELEN.id).length, 0);
    assert.equal(h.lifecycleCalls(), 0);
    assert.ok(plan.blocks.some((b) => b.type === 'actions'), 'the buttons stay for the requester');

    await h.click(plan, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
  });
});

test('a double Confirm (two presses at once, then a third later) runs once: one email, one results message', async () => {
  await withSlack(async (h) => {
    await h.command(HELEN, `alice.nguyen@${D}, dave.new@${D}`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    const pending = { ...plan, blocks: [...plan.blocks] };
    await Promise.all([h.click(pending, ACTION_CONFIRM, HELEN), h.click(pending, ACTION_CONFIRM, HELEN)]);
    await h.settle();
    await h.click(pending, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
    assert.equal(h.emailsTo(`dave.new@${D}`), 1);
    assert.equal(h.lifecycleCalls(), 2);
    const results = h.slack.messages.filter((m) => /^Done/.test(m.text));
    assert.equal(results.length, 1, 'one results message');
    const already = h.slack.visibleNoticesTo(HELEN.id);
    assert.equal(already.length, 2);
    assert.ok(already.every((text) => /already/i.test(text)));
  });
});

test('an expired plan says so, loses its buttons, and sends nothing', async () => {
  let now = Date.now();
  await withSlack(
    async (h) => {
      await h.command(HELEN, `alice.nguyen@${D}`);
      await h.settle();
      const [plan] = h.messagesWithButton(ACTION_CONFIRM);
      assert.ok(plan);
      now += 16 * 60_000;
      await h.click(plan, ACTION_CONFIRM, HELEN);
      await h.settle();
      assert.equal(h.lifecycleCalls(), 0);
      assert.match(textOf(plan), /expired/);
      assert.equal(plan.blocks.some((b) => b.type === 'actions'), false);
      assert.match(h.slack.visibleNoticesTo(HELEN.id).join('\n'), /expired after 15 minutes/);
    },
    { now: () => now },
  );
});

test('the message shortcut takes the mailto links from the message and posts the plan in its thread', async () => {
  await withSlack(async (h) => {
    const response = await h.interaction({
      type: 'message_action',
      callback_id: 'resend_activation',
      trigger_id: 't-9',
      response_url: h.slack.responseUrl('shortcut'),
      team: { id: 'T0001', domain: 'corp' },
      channel: { id: CHANNEL, name: 'it-helpdesk' },
      user: { id: HELEN.id, name: HELEN.name },
      message_ts: '1795389000.000100',
      message: {
        type: 'message', user: 'U0MANAGER', ts: '1795389000.000100',
        text: `Hi team, these two never got their welcome email: <mailto:alice.nguyen@${D}|alice.nguyen@${D}> and <mailto:bob.li@${D}|bob.li@${D}>`,
      },
    });
    assert.equal(response.status, 200);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    assert.equal(plan.threadTs, '1795389000.000100', 'in the thread of the message it was run on');
    assert.match(textOf(plan), /2 emails to send/);
    await h.click(plan, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
    assert.equal(h.emailsTo(`bob.li@${D}`), 1);
    assert.ok(h.slack.messages.filter((m) => m.channel === CHANNEL).every((m) => m.threadTs === '1795389000.000100'), 'progress and results stay in that thread');
  });
});

test('where the bot cannot post (not in the channel), the plan goes to the requester by DM and they are told so', async () => {
  await withSlack(async (h) => {
    h.slack.closedChannels.add('CPRIVATE');
    await h.command(HELEN, `alice.nguyen@${D}`, 'CPRIVATE');
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    assert.equal(plan.channel, `D-${HELEN.id}`);
    assert.ok(h.slack.callsTo('respond').some((c) => /direct message/.test(String(c.args.text))));
  });
});

test('unsigned, wrongly signed and stale requests get 401 and reach neither Slack nor Okta', async () => {
  await withSlack(async (h) => {
    const body = new URLSearchParams({ command: '/resend-activation', text: `alice.nguyen@${D}`, user_id: HELEN.id, channel_id: CHANNEL, team_id: 'T0001', response_url: h.slack.responseUrl('x'), trigger_id: 't' }).toString();
    const form = 'application/x-www-form-urlencoded';
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await h.postRaw(body, form, { signature: null })).status, 401, 'no signature');
    assert.equal((await h.postRaw(body, form, { signature: sign(body, now, 'wrong-secret') })).status, 401, 'wrong secret');
    assert.equal((await h.postRaw(body, form, { timestamp: now - 6 * 60 })).status, 401, 'older than 5 minutes');
    assert.equal((await h.postRaw(`${body}&x=1`, form, { signature: sign(body, now) })).status, 401, 'body changed after signing');
    await h.settle();
    assert.equal(h.slack.calls.length, 0);
    assert.equal(h.rt.sim.calls.length, 0);
    assert.equal((await h.postRaw(body, form)).status, 200, 'the same request, signed, is accepted');
  });
});

test('the ack does not wait for Okta: with Okta answering slowly the command is acked before any lookup ends', async () => {
  await withSlack(
    async (h) => {
      const ack = await h.command(HELEN, `alice.nguyen@${D}`);
      assert.equal(ack.status, 200);
      assert.equal(h.slack.callsTo('chat.postMessage').length, 0, 'acked while the plan is still being prepared');
      await h.settle();
      assert.equal(h.messagesWithButton(ACTION_CONFIRM).length, 1);
    },
    { simulator: { users: USERS, latencyMs: 1_500 } },
  );
});

test('an oversized body is refused before it is read (declared or streamed), and a streamed normal one still works', async () => {
  await withSlack(async (h) => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const declared = await h.postRaw(huge, 'application/x-www-form-urlencoded', { signature: null });
    assert.equal(declared.status, 413);

    const form = 'application/x-www-form-urlencoded';
    const stream = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = new TextEncoder().encode(text);
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
          controller.close();
        },
      });
    const timestamp = Math.floor(Date.now() / 1000);
    // Signed and otherwise valid: without the guard Bolt would read all of it and answer 200.
    const padded = new URLSearchParams({ command: '/resend-activation', text: 'help', user_id: HELEN.id, channel_id: CHANNEL, team_id: 'T0001', response_url: h.slack.responseUrl('p'), trigger_id: 't', padding: huge }).toString();
    const streamedHuge = await fetch(h.url, { method: 'POST', headers: { 'content-type': form, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(padded, timestamp) }, body: stream(padded), duplex: 'half' } as RequestInit).then(
      (response) => response.status,
      () => 'connection cut',
    );
    assert.notEqual(streamedHuge, 200);

    const body = new URLSearchParams({ command: '/resend-activation', text: `alice.nguyen@${D}`, user_id: HELEN.id, user_name: HELEN.name, channel_id: CHANNEL, team_id: 'T0001', response_url: h.slack.responseUrl('s'), trigger_id: 't' }).toString();
    const ok = await fetch(h.url, { method: 'POST', headers: { 'content-type': form, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) }, body: stream(body), duplex: 'half' } as RequestInit);
    assert.equal(ok.status, 200, 'a chunked, signed request passes the guard intact');
    await h.settle();
    assert.equal(h.messagesWithButton(ACTION_CONFIRM).length, 1);
  });
});

test('when the click\'s response_url no longer works, the presser still hears it: an ephemeral beside a top-level plan, or in the thread of a plan that is a reply', async () => {
  await withSlack(async (h) => {
    h.slack.failResponses = true;
    await h.command(HELEN, `alice.nguyen@${D}`);
    await h.settle();
    const [topLevel] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(topLevel && topLevel.threadTs === null);
    await h.click(topLevel, ACTION_CONFIRM, HANK);
    await h.settle();
    const [beside] = h.slack.notices.filter((n) => n.via === 'chat.postEphemeral');
    assert.deepEqual(beside && { channel: beside.channel, threadTs: beside.threadTs, visible: beside.visible }, { channel: CHANNEL, threadTs: null, visible: true }, 'not into the plan\'s empty thread');

    await shortcut(h, `<mailto:bob.li@${D}|bob.li@${D}>`);
    const inThread = h.messagesWithButton(ACTION_CONFIRM).find((m) => m.threadTs !== null);
    assert.ok(inThread);
    await h.click(inThread, ACTION_CONFIRM, HANK);
    await h.settle();
    const second = h.slack.notices.filter((n) => n.via === 'chat.postEphemeral')[1];
    assert.deepEqual(second && { threadTs: second.threadTs, visible: second.visible }, { threadTs: inThread.threadTs, visible: true }, 'the thread the plan is a reply in exists');
    assert.equal(h.slack.visibleNoticesTo(HANK.id).length, 2);
    assert.equal(h.lifecycleCalls(), 0);
  });
});

test('Cancel on a plan the bot no longer knows tidies the message like Confirm does: no buttons left, and the presser is told', async () => {
  await withSlack(async (h) => {
    await h.command(HELEN, `alice.nguyen@${D}`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CANCEL);
    assert.ok(plan);
    // The same message, as if the store had lost its plan (a restart of the in-memory store).
    const forgotten: PostedMessage = { ...plan, blocks: plan.blocks.map((block) => (block.type === 'actions' ? { ...block, elements: (block.elements as Json[]).map((e) => ({ ...e, value: 'plan_gone' })) } : block)) };
    await h.click(forgotten, ACTION_CANCEL, HELEN);
    await h.settle();
    assert.equal(plan.blocks.some((b) => b.type === 'actions'), false, 'the buttons are gone');
    assert.match(textOf(plan), /no longer known, so nothing was sent/);
    assert.match(h.slack.visibleNoticesTo(HELEN.id).join('\n'), /no longer known/);
    assert.equal(h.lifecycleCalls(), 0);
  });
});

test('with Okta answering slowly, a button click, the message shortcut, the paste-modal submit and a file event are each acked before any Okta call could answer', async () => {
  const latencyMs = 1_000;
  await withSlack(
    async (h) => {
      const posts = () => h.slack.callsTo('chat.postMessage').length;

      const before = posts();
      const viaShortcut = await shortcut(h, `<mailto:alice.nguyen@${D}|alice.nguyen@${D}>`, { settle: false });
      assert.equal(viaShortcut.status, 200);
      assert.ok(viaShortcut.ms < latencyMs, `shortcut acked in ${Math.round(viaShortcut.ms)} ms`);
      assert.equal(posts(), before, 'acked while the plan is still being prepared');
      await h.settle();

      const viaModal = await h.interaction(pasteSubmission(`dave.new@${D}`));
      assert.equal(viaModal.status, 200);
      assert.ok(viaModal.ms < latencyMs, `modal submit acked in ${Math.round(viaModal.ms)} ms`);
      assert.equal(posts(), before + 1, 'acked before its plan was posted');
      await h.settle();

      h.slack.files.set('slow.csv', new TextEncoder().encode(`bob.li@${D}\n`));
      const viaFile = await h.event({
        type: 'message', subtype: 'file_share', channel: 'D0BOTDM01', channel_type: 'im', user: HELEN.id, ts: '1795389700.000100', text: '',
        files: [{ id: 'F-slow', name: 'slow.csv', filetype: 'csv', size: 20, url_private: h.slack.fileViewUrl('slow.csv'), url_private_download: h.slack.fileUrl('slow.csv') }],
      });
      assert.equal(viaFile.status, 200);
      assert.ok(viaFile.ms < latencyMs, `file event acked in ${Math.round(viaFile.ms)} ms`);
      assert.equal(posts(), before + 2, 'acked before the file was even planned');
      await h.settle();

      const plan = h.messagesWithButton(ACTION_CONFIRM)[0];
      assert.ok(plan);
      const viaClick = await h.click(plan, ACTION_CONFIRM, HELEN);
      assert.equal(viaClick.status, 200);
      assert.ok(viaClick.ms < latencyMs, `click acked in ${Math.round(viaClick.ms)} ms`);
      assert.equal(h.rt.sim.outbox.length, 0, 'acked before the run\'s Okta call answered');
      await h.settle();
      assert.equal(h.rt.sim.outbox.length, 1);
    },
    { simulator: { users: USERS, latencyMs } },
  );
});

let shortcutSeq = 0;

/** The message shortcut on a top-level channel message with this text; the plan goes into its thread. */
async function shortcut(h: SlackHarness, text: string, options: { settle?: boolean } = {}) {
  const ts = `1795389000.${String(++shortcutSeq).padStart(6, '0')}`;
  const response = await h.interaction({
    type: 'message_action', callback_id: 'resend_activation', trigger_id: 't-s', response_url: h.slack.responseUrl(`shortcut-${ts}`, HELEN.id),
    team: { id: 'T0001', domain: 'corp' }, channel: { id: CHANNEL, name: 'it-helpdesk' }, user: { id: HELEN.id, name: HELEN.name },
    message_ts: ts, message: { type: 'message', user: 'U0MANAGER', ts, text },
  });
  if (options.settle !== false) await h.settle();
  return response;
}

function pasteSubmission(value: string): Json {
  return {
    type: 'view_submission', team: { id: 'T0001', domain: 'corp' }, user: { id: HELEN.id, username: HELEN.name, name: HELEN.name, team_id: 'T0001' }, api_app_id: 'A123456', token: 'legacy', trigger_id: 't-1',
    view: { id: 'V0001', type: 'modal', callback_id: 'resend_activation_paste', private_metadata: JSON.stringify({ channel: CHANNEL }), state: { values: { identifiers: { text: { type: 'plain_text_input', value } } } } },
  };
}
