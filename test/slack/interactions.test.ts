import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import { CHANNEL, D, HANK, HELEN, USERS, sign, textOf, withSlack } from './slack-harness.ts';

test('someone else pressing Confirm gets an ephemeral "not your request" and nothing is sent; the requester can still confirm', async () => {
  await withSlack(async (h) => {
    await h.command(HELEN, `alice.nguyen@${D}`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    await h.click(plan, ACTION_CONFIRM, HANK);
    await h.settle();
    const [ephemeral] = h.slack.callsTo('chat.postEphemeral');
    assert.ok(ephemeral);
    assert.equal(ephemeral.args.user, HANK.id, 'only the presser sees it');
    assert.match(String(ephemeral.args.text), /not your request/);
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
    const already = h.slack.callsTo('chat.postEphemeral').map((c) => String(c.args.text));
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
      assert.match(String(h.slack.callsTo('chat.postEphemeral')[0]?.args.text), /expired after 15 minutes/);
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
