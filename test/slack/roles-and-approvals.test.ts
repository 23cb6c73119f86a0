import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonlAuditSink } from '../../src/audit/jsonl-audit-sink.ts';
import { ACTION_APPROVE, ACTION_DENY } from '../../src/slack/blocks/approval-blocks.ts';
import { ACTION_CANCEL, ACTION_CONFIRM, ACTION_OFFER_PREFIX } from '../../src/slack/blocks/plan-blocks.ts';
import { ADA, APPROVALS, AUDIT, CHANNEL, D, HELEN, MARIA, OSCAR, ROOT, textOf, withSlack, type SlackHarness } from './slack-harness.ts';

// Issue #5 through Slack: managers, approvals, explicit alternatives, limits, the audit trail.

async function planFor(h: SlackHarness, user: { id: string; name: string }, text: string) {
  await h.command(user, text);
  await h.settle();
  const plan = h.messagesWithButton(ACTION_CANCEL).at(-1);
  assert.ok(plan, `a plan for ${text}`);
  return plan;
}

/** Maria (no role) asks for her own hire and for someone else's; she confirms. */
async function mariaAsksForBoth(h: SlackHarness) {
  const plan = await planFor(h, MARIA, `mine.hire@${D}, other.hire@${D}`);
  assert.match(textOf(plan), /1 email to send/);
  assert.match(textOf(plan), /1 user need an approver/);
  await h.click(plan, ACTION_CONFIRM, MARIA);
  await h.settle();
  const approval = h.messagesWithButton(ACTION_APPROVE).at(-1);
  assert.ok(approval, 'the approval request was posted');
  return { plan, approval };
}

test('a manager resends directly for their own hire; the rest waits in the approval channel, and nothing goes to them before approval', async () => {
  await withSlack(async (h) => {
    const { plan, approval } = await mariaAsksForBoth(h);
    assert.equal(h.emailsTo(`mine.hire@${D}`), 1, 'her own hire: sent at once');
    assert.equal(h.emailsTo(`other.hire@${D}`), 0, 'the other waits');
    assert.equal(approval.channel, APPROVALS);
    // Who asks, as a Slack mention: Slack shows the real user; a display name is whatever she typed.
    assert.equal((approval.blocks[0]?.text as { text?: string } | undefined)?.text, ':raising_hand: *<@U0MARIA> asks to resend activation emails to 1 user who are not their direct reports*');
    assert.match(approval.text, /^<@U0MARIA> asks/, 'the notification text too');
    assert.match(textOf(approval), /other\.hire@corp\.example/);
    const told = h.slack.thread(CHANNEL, plan.ts).map((m) => m.text).join('\n');
    assert.match(told, /asked the approvers in <#CAPPROVALS>/);
  });
});

test('an approver approves: exactly one email, the approval message ends without buttons, the requester hears it in her thread', async () => {
  await withSlack(async (h) => {
    const { plan, approval } = await mariaAsksForBoth(h);
    const pending = { ...approval, blocks: [...approval.blocks] };
    await h.click(pending, ACTION_APPROVE, ADA);
    await h.settle();
    await h.click(pending, ACTION_APPROVE, ADA);
    await h.settle();
    assert.equal(h.emailsTo(`other.hire@${D}`), 1, 'approved once, sent once');
    assert.match(textOf(approval), /Approved by ada\. 1 sent/);
    assert.equal(approval.blocks.some((b) => b.type === 'actions'), false);
    const told = h.slack.thread(CHANNEL, plan.ts).map((m) => m.text).join('\n');
    assert.match(told, /ada approved your request: 1 sent/);
    assert.match(h.slack.visibleNoticesTo(ADA.id).at(-1) ?? '', /Already approved by ada/);
  });
});

test('someone who is not an approver cannot approve; deny sends nothing and tells the requester', async () => {
  await withSlack(async (h) => {
    const { plan, approval } = await mariaAsksForBoth(h);
    await h.click(approval, ACTION_APPROVE, OSCAR);
    await h.settle();
    assert.deepEqual(h.slack.visibleNoticesTo(OSCAR.id), [':no_entry: Only approvers can approve or deny resend requests.']);
    assert.deepEqual(h.slack.notices.filter((n) => n.user !== OSCAR.id), [], 'nobody else was told anything');
    assert.equal(h.emailsTo(`other.hire@${D}`), 0);

    await h.click(approval, ACTION_DENY, ADA);
    await h.settle();
    assert.equal(h.emailsTo(`other.hire@${D}`), 0);
    assert.match(textOf(approval), /Denied by ada/);
    assert.match(h.slack.thread(CHANNEL, plan.ts).map((m) => m.text).join('\n'), /ada denied your request for 1 user/);
  });
});

test('a denial stands even when the requester\'s thread cannot be reached: the approver sees no error', async () => {
  await withSlack(async (h) => {
    const { approval } = await mariaAsksForBoth(h);
    h.slack.closedChannels.add(CHANNEL);
    await h.click(approval, ACTION_DENY, ADA);
    await h.settle();
    assert.match(textOf(approval), /Denied by ada/);
    assert.deepEqual(h.slack.visibleNoticesTo(ADA.id), [], 'no "something went wrong": the decision was made and shown');
    assert.equal(h.emailsTo(`other.hire@${D}`), 0);
  });
});

test('an approval expires: pressing Approve afterwards sends nothing and the message says so', async () => {
  let now = Date.now();
  await withSlack(
    async (h) => {
      const { approval } = await mariaAsksForBoth(h);
      now += 25 * 3600_000;
      await h.click(approval, ACTION_APPROVE, ADA);
      await h.settle();
      assert.equal(h.emailsTo(`other.hire@${D}`), 0);
      assert.match(textOf(approval), /expired without a decision/);
      assert.match(h.slack.visibleNoticesTo(ADA.id).at(-1) ?? '', /This approval request expired/);
      assert.equal(approval.blocks.some((b) => b.type === 'actions'), false);
      // The click found the expiry first, so it (not the sweep) tells the requester, once.
      assert.equal(h.slack.messages.filter((m) => m.text.startsWith(':alarm_clock: Nobody approved your request in time')).length, 1);
    },
    { now: () => now },
  );
});

test('without an approval channel the manager is told plainly that the others were not sent', async () => {
  await withSlack(
    async (h) => {
      const plan = await planFor(h, MARIA, `mine.hire@${D}, other.hire@${D}`);
      await h.click(plan, ACTION_CONFIRM, MARIA);
      await h.settle();
      assert.equal(h.messagesWithButton(ACTION_APPROVE).length, 0);
      assert.match(h.slack.thread(CHANNEL, plan.ts).map((m) => m.text).join('\n'), /no approval channel is set up, so nothing was sent to them/);
      assert.equal(h.emailsTo(`other.hire@${D}`), 0);
      // The core was told, so the approval can never be decided (its audit summary says so).
      assert.match(h.slack.messages.filter((m) => m.channel === AUDIT).map((m) => m.text).join('\n'), /An approval request could not reach the approvers, so nothing was sent: APPROVAL_SLACK_CHANNEL is not set/);
    },
    { approvalChannel: null },
  );
});

test('a request only for others: the plan message says it waits for an approver only when one was asked', async () => {
  const cases = [
    { setup: 'approval channel open', closed: false, options: {}, final: /:white_check_mark: Done: 1 user waiting for an approver/ },
    { setup: 'bot not in the approval channel', closed: true, options: {}, final: /:warning: Done: nothing was sent: no approver could be asked/ },
    { setup: 'no approval channel', closed: false, options: { approvalChannel: null }, final: /:warning: Done: nothing was sent: no approver could be asked/ },
  ];
  for (const { setup, closed, options, final } of cases) {
    await withSlack(async (h) => {
      if (closed) h.slack.closedChannels.add(APPROVALS);
      const plan = await planFor(h, MARIA, `other.hire@${D}`);
      await h.click(plan, ACTION_CONFIRM, MARIA);
      await h.settle();
      assert.match(textOf(plan), final, setup);
      assert.equal(h.emailsTo(`other.hire@${D}`), 0, setup);
    }, options);
  }
});

test('when the bot cannot post in the approval channel, the manager is told and the core records that the approval was never posted', async () => {
  await withSlack(async (h) => {
    h.slack.closedChannels.add(APPROVALS);
    const plan = await planFor(h, MARIA, `mine.hire@${D}, other.hire@${D}`);
    await h.click(plan, ACTION_CONFIRM, MARIA);
    await h.settle();
    assert.equal(h.emailsTo(`mine.hire@${D}`), 1, 'her own hire is still sent');
    assert.match(h.slack.thread(CHANNEL, plan.ts).map((m) => m.text).join('\n'), /could not post in the approval channel <#CAPPROVALS>/);
    // The results in the thread do not say the other one is waiting: nobody was asked.
    const results = h.slack.thread(CHANNEL, plan.ts).map(textOf).join('\n');
    assert.match(results, /Not sent: no approver could be asked\. Ask your helpdesk\./);
    assert.doesNotMatch(results, /Waiting for an approver/);
    assert.match(h.slack.messages.filter((m) => m.channel === AUDIT).map((m) => m.text).join('\n'), /could not reach the approvers, so nothing was sent: could not post in Slack channel CAPPROVALS \(not_in_channel\)/);
    assert.equal(h.emailsTo(`other.hire@${D}`), 0);
  });
});

test('a manager may name at most 10 users in one request', async () => {
  await withSlack(async (h) => {
    await h.command(MARIA, Array.from({ length: 11 }, (_, i) => `someone${i}@${D}`).join(','));
    await h.settle();
    assert.match(h.slack.callsTo('respond').map((c) => String(c.args.text)).join('\n'), /at most 10 users in one request \(you named 11\)/);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('ACTIVE users: helpdesk is offered a password reset as a separate plan that must be confirmed; it sends one reset email', async () => {
  await withSlack(async (h) => {
    const plan = await planFor(h, HELEN, `carol.active@${D}`);
    assert.match(textOf(plan), /Nothing to send/);
    await Promise.all([h.click(plan, `${ACTION_OFFER_PREFIX}reset_password`, HELEN), h.click(plan, `${ACTION_OFFER_PREFIX}reset_password`, HELEN)]);
    await h.settle();
    assert.equal(h.messagesWithButton(ACTION_CONFIRM).length, 1, 'a double click posts one alternative plan');
    const reset = h.messagesWithButton(ACTION_CONFIRM).at(-1);
    assert.ok(reset && reset !== plan);
    assert.match(textOf(reset), /password-reset emails, not activation emails/);
    assert.equal(reset.threadTs, plan.ts, 'in the first plan\'s thread');
    assert.equal(h.lifecycleCalls(), 0, 'offering is not sending');
    await h.click(reset, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.deepEqual(h.rt.sim.outbox.map((m) => [m.to, m.kind]), [[`carol.active@${D}`, 'password_reset']]);
  });
});

test('DEPROVISIONED users: only admins are offered reactivation, with the warning that it restores a deactivated account', async () => {
  await withSlack(async (h) => {
    const helpdeskPlan = await planFor(h, HELEN, `gone.user@${D}`);
    assert.doesNotMatch(textOf(helpdeskPlan), /plan_offer_activate_deprovisioned/);
    const adminPlan = await planFor(h, ROOT, `gone.user@${D}`);
    await h.click(adminPlan, `${ACTION_OFFER_PREFIX}activate_deprovisioned`, ROOT);
    await h.settle();
    const second = h.messagesWithButton(ACTION_CONFIRM).at(-1);
    assert.ok(second && second !== adminPlan);
    assert.match(textOf(second), /restores deactivated accounts/);
    const confirmButton = second.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as Array<{ action_id: string; confirm?: unknown }>) : [])).find((e) => e.action_id === ACTION_CONFIRM);
    assert.ok(confirmButton?.confirm, 'Slack asks once more before it runs');
    await h.click(second, ACTION_CONFIRM, ROOT);
    await h.settle();
    assert.equal(h.rt.sim.getUser(`gone.user@${D}`)?.status, 'PROVISIONED');
    assert.equal(h.emailsTo(`gone.user@${D}`), 1);
  });
});

test('the audit trail: every step is a JSON line with the Okta request id and no token; the audit channel gets one line per run', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'slack-audit-')), 'audit.jsonl');
  const audit = createJsonlAuditSink(path, (error) => assert.fail(String(error)));
  await withSlack(
    async (h) => {
      const { approval } = await mariaAsksForBoth(h);
      await h.click(approval, ACTION_APPROVE, ADA);
      await h.settle();
      await audit.flush();
      const events = (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; oktaRequestId?: string; approver?: { userId: string } });
      const types = events.map((e) => e.type);
      for (const type of ['request', 'plan', 'confirm', 'approval_requested', 'approved', 'lifecycle', 'outcome']) assert.ok(types.includes(type), `${type} recorded`);
      assert.equal(events.find((e) => e.type === 'approved')?.approver?.userId, ADA.id);
      assert.ok(events.filter((e) => e.type === 'lifecycle').every((e) => typeof e.oktaRequestId === 'string' && e.oktaRequestId.length > 0));
      const text = await readFile(path, 'utf8');
      assert.doesNotMatch(text, new RegExp(h.rt.sim.apiToken));
      assert.doesNotMatch(text, /xoxb-/);
      const lines = h.slack.messages.filter((m) => m.channel === AUDIT).map((m) => m.text.replace(/\((plan|approval) [^)]+\)$/, '($1 …)'));
      assert.deepEqual(lines, [
        ':memo: maria (slack U0MARIA) asked approvers to resend to 1 user who are not their direct reports (approval …)',
        ':memo: maria (slack U0MARIA) ran activation resends: 1 sent · 1 skipped · 0 failed (plan …)',
        ':memo: ada (slack U0ADA) approved maria (slack U0MARIA)\'s request for 1 user (approval …)',
        ':memo: ada (slack U0ADA) ran activation resends for maria (slack U0MARIA): 1 sent · 0 skipped · 0 failed (plan …)',
      ], 'the core\'s summaries of the request, each run and the decision, in order');
    },
    { audit },
  );
});

test('an approver cannot approve their own request', async () => {
  await withSlack(async (h) => {
    const plan = await planFor(h, ADA, `other.hire@${D}`);
    await h.click(plan, ACTION_CONFIRM, ADA);
    await h.settle();
    const approval = h.messagesWithButton(ACTION_APPROVE).at(-1);
    assert.ok(approval);
    await h.click(approval, ACTION_APPROVE, ADA);
    await h.settle();
    assert.deepEqual(h.slack.visibleNoticesTo(ADA.id), [':no_entry: You cannot approve your own request.']);
    assert.equal(h.emailsTo(`other.hire@${D}`), 0);
    assert.ok(approval.blocks.some((b) => b.type === 'actions'), 'still open for the other approvers');
  });
});

test('an approval nobody decides closes on its own: the message loses its buttons, the requester hears it in her thread, nothing is sent, and a late click changes nothing', async () => {
  let now = Date.now();
  await withSlack(
    async (h) => {
      const { plan, approval } = await mariaAsksForBoth(h);
      const stillOpen = { ...approval, blocks: [...approval.blocks] };
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(approval.blocks.some((b) => b.type === 'actions'), 'not due yet: the sweep leaves it alone');
      now += 25 * 3600_000;
      await h.until(() => /expired without a decision/.test(textOf(approval)), 'the sweep closed the approval message');
      await h.settle();
      assert.equal(approval.blocks.some((b) => b.type === 'actions'), false, 'no buttons left');
      assert.match(textOf(approval), /<@U0MARIA> asks/, 'still says who asked');
      const told = () => h.slack.thread(CHANNEL, plan.ts).filter((m) => /Nobody approved your request in time/.test(m.text));
      assert.equal(told().length, 1);
      assert.equal(told()[0]?.text, ':alarm_clock: Nobody approved your request in time, so nothing was sent to that user. Ask again if they still need the email, or ask your helpdesk.\n• other.hire@corp.example');
      assert.match(h.slack.messages.filter((m) => m.channel === AUDIT).map((m) => m.text).join('\n'), /Nobody decided maria \(slack U0MARIA\)'s request for 1 user in time: it expired, nothing was sent/);

      await new Promise((resolve) => setTimeout(resolve, 150));
      await h.settle();
      assert.equal(told().length, 1, 'later sweeps do not tell her again');
      // An approver whose client still shows the buttons.
      await h.click(stillOpen, ACTION_APPROVE, ADA);
      await h.settle();
      assert.match(h.slack.visibleNoticesTo(ADA.id).at(-1) ?? '', /expired/);
      assert.equal(h.emailsTo(`other.hire@${D}`), 0);
    },
    { now: () => now, approvalSweepMs: 20 },
  );
});
