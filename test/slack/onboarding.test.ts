import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../src/core/audit.ts';
import { zonedToEpoch } from '../../src/core/schedule/zoned-time.ts';
import { ACTION_FOLLOW_UP_RESEND } from '../../src/slack/blocks/onboarding-blocks.ts';
import { ACTION_CONFIRM, ACTION_SCHEDULE, ACTION_SCHEDULE_START_DATES } from '../../src/slack/blocks/plan-blocks.ts';
import { ACTION_CANCEL_SCHEDULE } from '../../src/slack/blocks/scheduled-blocks.ts';
import type { Json, PostedMessage } from '../support/fake-slack-api.ts';
import { CHANNEL, D, HANK, HELEN, textOf, withSlack, type SlackHarness } from './slack-harness.ts';

// The onboarding morning in Slack, end to end through the real Bolt endpoint with a clock the test
// moves (the harness's `now`): "Schedule…" → the modal → nothing sent → at its time the run reports
// in the plan's thread, once; `scheduled` lists and cancels; per-row start dates; the follow-up
// and its "resend to pending"; delivery failures with the provider's reason. Evidence: what
// reached the fake Slack and the Okta simulator's outbox.

const DAY = 24 * 3600_000;
/** Real time at the start: the simulator's System Log and the moved clock agree on "now". */
const clockAt = () => ({ now: Date.now() });
const dayAhead = (from: number, days: number, zone: string) => new Date(from + days * DAY).toLocaleDateString('en-CA', { timeZone: zone });

async function planFor(h: SlackHarness, text: string, actionId: string = ACTION_CONFIRM): Promise<PostedMessage> {
  const before = h.messagesWithButton(actionId).length;
  await h.command(HELEN, text);
  await h.settle();
  const plans = h.messagesWithButton(actionId);
  assert.equal(plans.length, before + 1, 'a new plan was posted');
  return plans[plans.length - 1]!;
}

/** Presses "Schedule…" and returns the modal Slack was asked to open. */
async function openSchedule(h: SlackHarness, plan: PostedMessage, actionId = ACTION_SCHEDULE): Promise<Json> {
  await h.click(plan, actionId, HELEN);
  await h.settle();
  const view = h.slack.openedViews[h.slack.openedViews.length - 1];
  assert.ok(view, 'views.open with the click\'s trigger_id');
  return view;
}

const at = (date: string, time: string): Json => ({ schedule_date: { date: { type: 'datepicker', selected_date: date } }, schedule_time: { time: { type: 'timepicker', selected_time: time } } });

test('Schedule… opens a modal in the requester\'s time zone; nothing is sent until its time; then once, reported in the plan\'s thread; refusals go to the person only', async () => {
  const clock = clockAt();
  await withSlack(async (h) => {
    const plan = await planFor(h, `alice.nguyen@${D} dave.new@${D}`);
    assert.match(textOf(plan), /Schedule…/);
    const view = await openSchedule(h, plan);
    const modal = JSON.stringify(view);
    assert.equal(view.callback_id, 'resend_activation_schedule');
    assert.match(modal, new RegExp(`"initial_date":"${dayAhead(Date.now(), 1, 'Europe/Berlin')}"`), 'tomorrow in Berlin');
    assert.match(modal, /"initial_time":"08:00"/);
    assert.match(modal, /Europe\/Berlin, your Slack time zone/);
    assert.doesNotMatch(modal, /start date/, 'no start-date choice without start dates');

    // A missing time is an error on the modal; someone else's submission is refused, privately.
    const missing = await h.submitView(view, HELEN, { schedule_date: { date: { type: 'datepicker', selected_date: '2030-01-01' } }, schedule_time: { time: { type: 'timepicker', selected_time: null } } });
    assert.deepEqual(JSON.parse(missing.body), { response_action: 'errors', errors: { schedule_time: 'Pick a time.' } });
    const date = dayAhead(clock.now, 2, 'Europe/Berlin');
    await h.submitView(view, HANK, at(date, '08:00'));
    await h.settle();
    assert.ok(h.slack.visibleNoticesTo(HANK.id).some((text) => /not your request/.test(text)));

    await h.submitView(view, HELEN, at(date, '08:00'));
    await h.settle();
    const ended = h.slack.messages.find((m) => m.ts === plan.ts)!;
    assert.match(textOf(ended), /Scheduled by helen/);
    assert.match(textOf(ended), new RegExp(`${date} 08:00 \\(Europe/Berlin\\)`));
    assert.ok(!ended.blocks.some((block) => block.type === 'actions'), 'no buttons left');
    assert.equal(h.rt.sim.outbox.length, 0, 'nothing sent now');

    const due = zonedToEpoch(date, '08:00', 'Europe/Berlin');
    clock.now = due - 60_000;
    await h.rt.service.runDueWork();
    await h.settle();
    assert.equal(h.rt.sim.outbox.length, 0, 'not before its time');
    clock.now = due + 1_000;
    await h.rt.service.runDueWork();
    await h.settle();
    await h.rt.service.runDueWork();
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
    assert.equal(h.emailsTo(`dave.new@${D}`), 1);
    const thread = h.slack.thread(CHANNEL, plan.ts).map(textOf).join('\n');
    assert.match(thread, /Scheduled send by helen/);
    assert.match(thread, /2 sent · 0 skipped · 0 failed/);
  }, { now: () => clock.now });
});

test('/resend-activation scheduled lists what is scheduled with Cancel; a cancelled send never goes out', async () => {
  const clock = clockAt();
  await withSlack(async (h) => {
    const plan = await planFor(h, `alice.nguyen@${D}`);
    const view = await openSchedule(h, plan);
    const date = dayAhead(clock.now, 3, 'Europe/Berlin');
    await h.submitView(view, HELEN, at(date, '09:30'));
    await h.settle();

    await h.command(HELEN, 'scheduled');
    await h.settle();
    const listing = h.slack.responses[h.slack.responses.length - 1]!;
    assert.equal(listing.user, HELEN.id, 'only to her');
    assert.match(JSON.stringify(listing.blocks), new RegExp(`${date} 09:30 \\(Europe/Berlin\\)`));
    assert.match(JSON.stringify(listing.blocks), /alice\.nguyen@corp\.example/);
    await h.clickResponse(listing, ACTION_CANCEL_SCHEDULE, HELEN);
    await h.settle();
    const after = h.slack.responses[h.slack.responses.length - 1]!;
    assert.equal(after.replaceOriginal, true, 'the listing is replaced');
    assert.match(after.text, /Cancelled/);
    assert.match(after.text, /Nothing is scheduled/);

    clock.now = zonedToEpoch(date, '09:30', 'Europe/Berlin') + 1_000;
    await h.rt.service.runDueWork();
    await h.settle();
    assert.equal(h.rt.sim.outbox.length, 0, 'cancelled: never sent');
  }, { now: () => clock.now });
});

test('a start-date file is scheduled per row at SCHEDULE_TIME; the row without a date is named, not sent', async () => {
  const clock = clockAt();
  await withSlack(async (h) => {
    const zone = 'Europe/Berlin';
    const first = dayAhead(clock.now, 4, zone);
    const second = dayAhead(clock.now, 6, zone);
    const csv = `Email,Start date\nalice.nguyen@${D},${first}\ndave.new@${D},${second}\nbob.li@${D},\n<!channel>,${first}\n`;
    h.slack.files.set('hires.csv', new TextEncoder().encode(csv));
    await h.event({
      type: 'message', subtype: 'file_share', channel: 'D0BOTDM01', channel_type: 'im', user: HELEN.id, ts: '1795389500.000300', text: 'hires',
      files: [{ id: 'F-hires', name: 'hires.csv', title: 'hires.csv', mimetype: 'text/csv', filetype: 'csv', size: csv.length, url_private: h.slack.fileViewUrl('hires.csv'), url_private_download: h.slack.fileUrl('hires.csv') }],
    });
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_SCHEDULE_START_DATES);
    assert.ok(plan, 'the plan offers the start-date choice');
    const view = await openSchedule(h, plan, ACTION_SCHEDULE_START_DATES);
    assert.match(JSON.stringify(view), /Each person on their start date at 08:00/);
    await h.submitView(view, HELEN, { schedule_kind: { kind: { type: 'radio_buttons', selected_option: { value: 'start_dates' } } }, ...at('', '') });
    await h.settle();
    const ended = textOf(h.slack.messages.find((m) => m.ts === plan.ts)!);
    assert.match(ended, new RegExp(`${first} 08:00 \\(Europe/Berlin\\) \\(their start date\\)`));
    assert.match(ended, new RegExp(`${second} 08:00 \\(Europe/Berlin\\) \\(their start date\\)`));
    assert.match(ended, /Not scheduled: line 4: bob\.li@corp\.example — no start date/);

    clock.now = zonedToEpoch(first, '08:00', zone) + 1_000;
    await h.rt.service.runDueWork();
    await h.settle();
    assert.deepEqual(h.rt.sim.outbox.map((m) => m.to), [`alice.nguyen@${D}`]);
    clock.now = zonedToEpoch(second, '08:00', zone) + 1_000;
    await h.rt.service.runDueWork();
    await h.settle();
    assert.deepEqual(h.rt.sim.outbox.map((m) => m.to), [`alice.nguyen@${D}`, `dave.new@${D}`]);
    assert.equal(h.emailsTo(`bob.li@${D}`), 0);
    // A CSV cell must never ping a channel: every echo of it is escaped.
    assert.doesNotMatch(h.slack.everythingSaid(), /<!channel>/);
  }, { now: () => clock.now });
});

test('follow-up: a day later the thread hears who activated, and "Resend to 1 still pending" plans only her', async () => {
  const clock = clockAt();
  await withSlack(async (h) => {
    const plan = await planFor(h, `alice.nguyen@${D} dave.new@${D}`);
    await h.click(plan, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.rt.sim.outbox.length, 2);
    h.rt.sim.setStatus(h.rt.sim.getUser(`alice.nguyen@${D}`)!.id, 'ACTIVE', { activated: new Date().toISOString() });
    clock.now += DAY + 1_000;
    await h.rt.service.runDueWork();
    await h.settle();
    const [followUp] = h.messagesWithButton(ACTION_FOLLOW_UP_RESEND);
    assert.ok(followUp, 'the follow-up offers a resend');
    assert.equal(followUp.threadTs, plan.ts, 'in the run\'s thread');
    assert.match(textOf(followUp), /1 of 2 users emailed have activated/);
    assert.match(textOf(followUp), /Resend to 1 still pending/);
    // The suppression window is kept by the store in real time: let it pass, as a day would.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await h.click(followUp, ACTION_FOLLOW_UP_RESEND, HELEN);
    await h.settle();
    const plans = h.messagesWithButton(ACTION_CONFIRM);
    const again = plans[plans.length - 1]!;
    assert.equal(again.threadTs, plan.ts);
    assert.match(textOf(again), /dave\.new@corp\.example/);
    assert.doesNotMatch(textOf(again), /alice\.nguyen/);
  }, { now: () => clock.now, resend: { suppressionSeconds: 1 } });
});

test('delivery: a bounced address is reported in the thread with the provider\'s reason and what to do, escaped', async () => {
  const clock = clockAt();
  await withSlack(async (h) => {
    h.rt.sim.failDelivery(`dave.new@${D}`, { kind: 'bounce', providerMessage: '550 5.1.1 <!channel> mailbox does not exist' });
    const plan = await planFor(h, `alice.nguyen@${D} dave.new@${D}`);
    await h.click(plan, ACTION_CONFIRM, HELEN);
    await h.settle();
    clock.now += 5 * 60_000 + 1_000;
    await h.rt.service.runDueWork();
    await h.settle();
    const report = h.slack.thread(CHANNEL, plan.ts).find((m) => /Delivery problems/.test(m.text));
    assert.ok(report, 'delivery failures reported in the thread');
    assert.match(textOf(report), /dave\.new@corp\.example/);
    assert.match(textOf(report), /bounce: 550 5\.1\.1 &lt;!channel&gt; mailbox does not exist/);
    assert.doesNotMatch(textOf(report), /alice\.nguyen/);
    assert.doesNotMatch(h.slack.everythingSaid(), /<!channel>/);
  }, { now: () => clock.now });
});

test('the Workflow Builder step: restricted to helpdesk at start-up; runs as the workflow (helpdesk), completes with counts; a future send_at is scheduled', async () => {
  const clock = clockAt();
  const audit: AuditEvent[] = [];
  await withSlack(async (h) => {
    await h.settle();
    const permissions = h.slack.stepPermissions;
    assert.ok(permissions, 'functions.distributions.permissions.set was called');
    assert.equal(permissions.permission_type, 'named_entities');
    assert.equal(permissions.function_callback_id, 'resend_okta_activation');
    // HELEN by id, HANK by email, GRACE through the helpdesk user-group, ROOT as admin; ADA only approves.
    assert.deepEqual(String(permissions.user_ids).split(',').sort(), ['U0GRACE', 'U0HANK', 'U0HELEN', 'U0ROOT']);

    const response = await h.functionExecuted('resend_okta_activation', { emails: [`alice.nguyen@${D}`, `carol.active@${D}`] }, { execution: 'Fx1', workflowExecution: 'Wx1' });
    assert.equal(response.status, 200);
    await h.settle();
    assert.deepEqual(h.slack.functionResults, [{ executionId: 'Fx1', outputs: { sent: 1, skipped: 1, failed: 0, summary: h.slack.functionResults[0]?.outputs?.summary }, error: null }]);
    assert.match(String(h.slack.functionResults[0]!.outputs!.summary), /1 sent · 1 skipped · 0 failed/);
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
    const requesters = audit.filter((e) => e.type === 'request' || e.type === 'outcome').map((e) => (e as { requester: { userId: string } }).requester.userId);
    assert.deepEqual([...new Set(requesters)], ['workflow:Wx1'], 'audited with the workflow as requester');

    // Delivered twice by Slack: runs once.
    await h.functionExecuted('resend_okta_activation', { emails: `dave.new@${D}` }, { execution: 'Fx1', workflowExecution: 'Wx1' });
    await h.settle();
    assert.equal(h.slack.functionResults.length, 1);

    // send_at two days ahead: scheduled in UTC, nothing now; sent at its time.
    const sendAt = Math.floor((clock.now + 2 * DAY) / 1000 / 60) * 60;
    await h.functionExecuted('resend_okta_activation', { emails: `dave.new@${D}, bob.li@${D}`, send_at: sendAt }, { execution: 'Fx2', workflowExecution: 'Wx2' });
    await h.settle();
    const scheduled = h.slack.functionResults[1]!;
    assert.equal(scheduled.outputs?.sent, 0);
    assert.match(String(scheduled.outputs?.summary), /Scheduled for .* \(UTC\): 2 people/);
    assert.equal(h.emailsTo(`dave.new@${D}`), 0);
    clock.now = sendAt * 1000 + 1_000;
    await h.rt.service.runDueWork();
    await h.settle();
    assert.equal(h.emailsTo(`dave.new@${D}`), 1);
    assert.equal(h.emailsTo(`bob.li@${D}`), 1);

    // Nothing usable: fail() with a plain message.
    await h.functionExecuted('resend_okta_activation', { emails: '' }, { execution: 'Fx3' });
    await h.settle();
    assert.match(String(h.slack.functionResults[2]?.error), /No emails were given/);
  }, { now: () => clock.now, audit: { record: (event) => void audit.push(event) } });
});
