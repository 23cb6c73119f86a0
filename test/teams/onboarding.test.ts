import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zonedToEpoch } from '../../src/core/schedule/zoned-time.ts';
import type { JsonObject, PostedActivity } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, fixture, HANK, HELEN, isPlanCard, OSCAR, personalMessage, ROOT, textOf, withTeams, type Activity, type TeamsHarness } from './teams-harness.ts';

// The onboarding morning on Teams, end to end at the protocol level with a clock the test moves
// (the core's; nobody waits a day): a plan scheduled from its card goes out at its time and
// reports in the same conversation; "scheduled" lists and cancels; a start-date file is sent per
// row; a follow-up offers a resend to those still pending; a bounce is reported with its reason.
// The evidence is what reached the fake Bot Connector and the Okta simulator's outbox.

const CONVERSATION = String((fixture('message-personal').conversation as JsonObject).id);
// Real time, so that the simulator's System Log (real time) and the core's clock agree on "now".
const T0 = Date.now();
const day = (ahead: number) => new Date(T0 + ahead * 24 * 3600_000).toISOString().slice(0, 10);

/** The core's clock: the harness hands `now` to the runtime. */
function clock() {
  const state = { now: T0 };
  return { state, options: { now: () => state.now } };
}

/** Every Action.* of a card, nested ones included (the Schedule form, the list's Cancel buttons). */
function allActions(card: JsonObject | null): JsonObject[] {
  const found: JsonObject[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const element = node as JsonObject;
      if (typeof element.type === 'string' && element.type.startsWith('Action.')) found.push(element);
      for (const value of Object.values(element)) walk(value);
    }
  };
  walk(card);
  return found;
}

const dataOf = (action: JsonObject | undefined): Record<string, string> => (action?.data ?? {}) as Record<string, string>;
const actionTitled = (message: PostedActivity, title: string) => allActions(cardOf(message)).find((a) => a.title === title);
const inputsOf = (message: PostedActivity) => {
  const form = allActions(cardOf(message)).find((a) => a.type === 'Action.ShowCard');
  return ((form?.card as JsonObject | undefined)?.body as JsonObject[] | undefined ?? []).filter((e) => String(e.type).startsWith('Input.'));
};
const mailsTo = (h: TeamsHarness) => h.rt.sim.outbox.map((mail) => mail.to).sort();

async function planCard(h: TeamsHarness, message: Activity): Promise<PostedActivity> {
  const before = new Set(h.connector.posted().map((m) => m.id));
  await h.post(message);
  return h.connector.waitFor((m) => isPlanCard(m) && !before.has(m.id));
}

test('a plan scheduled from its card sends nothing now, goes out once at 08:00 in the requester’s zone, and reports in the same conversation', async () => {
  const { state, options } = clock();
  await withTeams(async (h) => {
    const plan = await planCard(h, { ...personalMessage(`resend activation alice.nguyen@${D} dave.new@${D}`), localTimezone: 'Europe/Berlin' });
    const [date, time] = inputsOf(plan);
    assert.deepEqual([date?.type, date?.value, time?.type, time?.value, time?.label], ['Input.Date', day(1), 'Input.Time', '08:00', 'Time (Europe/Berlin)']);
    const schedule = actionTitled(plan, 'Schedule');
    assert.equal(dataOf(schedule).timeZone, 'Europe/Berlin', 'the zone the form showed travels with the click');
    assert.equal(actionTitled(plan, 'Schedule each on their start date'), undefined, 'no start dates in a typed list');

    // Teams merges the form's inputs into the click's value.
    await h.post(cardClick(plan.id, { ...dataOf(schedule), scheduleDate: day(2), scheduleTime: '08:00' }));
    await h.connector.waitUntil(() => (h.connector.message(plan.id)?.versions.length ?? 0) === 2);
    const scheduled = cardOf(h.connector.message(plan.id)!);
    assert.ok(cardTexts(scheduled).includes(`Scheduled for ${day(2)} 08:00 (Europe/Berlin) by Helen Help: 2 users. Nothing is sent now.`), cardTexts(scheduled).join('\n'));
    assert.deepEqual(allActions(scheduled), [], 'a scheduled card has no buttons');
    await h.surface.drain();
    assert.equal(h.lifecycleCalls(), 0);
    const confirm = await h.post(cardClick(plan.id, dataOf(cardActions(cardOf(plan))[0])));
    assert.equal(confirm.status, 200);
    await h.connector.waitFor((m) => /Already scheduled/.test(textOf(m)));

    const due = zonedToEpoch(day(2), '08:00', 'Europe/Berlin');
    state.now = due - 60_000;
    await h.rt.service.runDueWork();
    assert.deepEqual(h.rt.sim.outbox, [], 'not before its time');
    state.now = due + 1_000;
    await h.rt.service.runDueWork();
    await h.rt.service.runDueWork();
    await h.surface.drain();
    assert.deepEqual(mailsTo(h), [`alice.nguyen@${D}`, `dave.new@${D}`], 'each once, at its time');

    const posted = h.connector.posted();
    assert.ok(posted.every((m) => m.conversationId === CONVERSATION), 'everything in the conversation it was scheduled from');
    assert.ok(posted.some((m) => textOf(m).startsWith(`It is time for the send Helen Help scheduled for ${day(2)} 08:00 (Europe/Berlin)`)));
    const fresh = posted.filter((m) => m.id !== plan.id && cardTexts(cardOf(m))[0] === 'Resend activation emails to 2 users?');
    assert.equal(fresh.length, 1, 'the fresh plan is posted once');
    assert.match(cardTexts(cardOf(fresh[0]!)).at(-1) ?? '', /^Done: 2 sent/);
    assert.ok(posted.some((m) => cardTexts(cardOf(m))[0] === 'Done'), 'the report card');
  }, options);
});

test('"scheduled" lists what is to come (own; helpdesk all), Cancel stops it, and nothing is sent at its time; without a time zone it is UTC, and said', async () => {
  const { state, options } = clock();
  await withTeams(async (h) => {
    const plan = await planCard(h, personalMessage(`resend activation alice.nguyen@${D}`));
    assert.equal(inputsOf(plan)[1]?.label, 'Time (your Teams time zone; UTC if Teams does not tell me)');
    await h.post(cardClick(plan.id, { ...dataOf(actionTitled(plan, 'Schedule')), scheduleDate: day(3), scheduleTime: '09:30' }));
    await h.connector.waitUntil(() => (h.connector.message(plan.id)?.versions.length ?? 0) === 2);
    const texts = cardTexts(cardOf(h.connector.message(plan.id)!));
    assert.ok(texts.includes(`Scheduled for ${day(3)} 09:30 (UTC) by Helen Help: 1 user. Nothing is sent now.`), texts.join('\n'));
    assert.ok(texts.includes('Teams did not tell me your time zone, so the time is UTC.'));

    const list = async (from: typeof HELEN) => {
      const before = h.connector.posted().length;
      await h.post(personalMessage('scheduled', from));
      await h.connector.waitUntil(() => h.connector.posted().length > before);
      return h.connector.posted().at(-1)!;
    };
    assert.deepEqual(cardTexts(cardOf(await list(OSCAR))), ['Nothing is scheduled.'], 'only their own');
    assert.ok(cardTexts(cardOf(await list(HANK))).includes(`${day(3)} 09:30 (UTC)`), 'helpdesk sees everyone’s');
    const mine = await list(HELEN);
    assert.ok(cardTexts(cardOf(mine)).includes(`1 user: alice.nguyen@${D}`), cardTexts(cardOf(mine)).join('\n'));
    const cancel = actionTitled(mine, 'Cancel this send');
    assert.equal(dataOf(cancel).action, 'cancel_schedule');

    await h.post(cardClick(mine.id, dataOf(cancel), OSCAR));
    await h.connector.waitFor((m) => /This is not your scheduled send/.test(textOf(m)));
    await h.post(cardClick(mine.id, dataOf(cancel)));
    await h.connector.waitUntil(() => (h.connector.message(mine.id)?.versions.length ?? 0) === 2);
    const after = cardTexts(cardOf(h.connector.message(mine.id)!));
    assert.deepEqual(after, [`Cancelled by Helen Help: ${day(3)} 09:30 (UTC), alice.nguyen@${D}. Nothing will be sent.`, 'Nothing is scheduled.']);

    const count = h.connector.posted().length;
    state.now = zonedToEpoch(day(3), '09:30', 'UTC') + 1_000;
    await h.rt.service.runDueWork();
    await h.surface.drain();
    assert.deepEqual(h.rt.sim.outbox, []);
    assert.equal(h.lifecycleCalls(), 0);
    assert.equal(h.connector.posted().length, count, 'nothing posted at the time either');
  }, options);
});

function fileMessage(h: TeamsHarness, name: string, csv: string): Activity {
  h.connector.files.set(name, { bytes: Buffer.from(csv) });
  const attachment = fixture('file-download-info-attachment');
  const content = attachment.content as JsonObject;
  return { ...personalMessage(''), localTimezone: 'America/New_York', attachments: [{ ...attachment, name, content: { ...content, downloadUrl: h.connector.fileUrl(name), fileType: 'csv' } }] };
}

test('a start-date CSV sent in personal chat is scheduled per row, each on their own morning; a row without a date is named', async () => {
  const { state, options } = clock();
  await withTeams(async (h) => {
    const [y, m, d] = day(6).split('-');
    const plan = await planCard(h, fileMessage(h, 'hires.csv', `Email,Start date\r\nalice.nguyen@${D},${day(3)}\r\ndave.new@${D},${m}/${d}/${y}\r\nbob.li@${D},\r\n`));
    const perRow = actionTitled(plan, 'Schedule each on their start date');
    assert.deepEqual(dataOf(perRow), { action: 'schedule_start_dates', planId: dataOf(cardActions(cardOf(plan))[0]).planId, timeZone: 'America/New_York' });
    await h.post(cardClick(plan.id, dataOf(perRow)));
    await h.connector.waitUntil(() => (h.connector.message(plan.id)?.versions.length ?? 0) === 2);
    const texts = cardTexts(cardOf(h.connector.message(plan.id)!));
    for (const line of [
      'Scheduled by Helen Help in 2 sends, each on their start date. Nothing is sent now.',
      `${day(3)} 08:00 (America/New_York) (their start date): alice.nguyen@${D}`,
      `${day(6)} 08:00 (America/New_York) (their start date): dave.new@${D}`,
      `Not scheduled: line 4: bob.li@${D} — no start date`,
    ]) assert.ok(texts.includes(line), `${line}\nin\n${texts.join('\n')}`);

    state.now = zonedToEpoch(day(3), '08:00', 'America/New_York');
    await h.rt.service.runDueWork();
    await h.surface.drain();
    assert.deepEqual(mailsTo(h), [`alice.nguyen@${D}`]);
    state.now = zonedToEpoch(day(6), '08:00', 'America/New_York');
    await h.rt.service.runDueWork();
    await h.surface.drain();
    assert.deepEqual(mailsTo(h), [`alice.nguyen@${D}`, `dave.new@${D}`]);
    assert.equal(h.connector.posted().filter((p) => cardTexts(cardOf(p))[0] === 'Done').length, 2, 'a report for each morning');
  }, options);
});

async function confirmedRun(h: TeamsHarness, text: string): Promise<void> {
  const plan = await planCard(h, personalMessage(text));
  await h.post(cardClick(plan.id, dataOf(cardActions(cardOf(plan))[0])));
  await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
  await h.surface.drain();
}

test('a day after a run, a follow-up in its conversation names who activated; its button plans a resend to only those still pending', async () => {
  const { state, options } = clock();
  await withTeams(async (h) => {
    await confirmedRun(h, `resend activation alice.nguyen@${D} dave.new@${D}`);
    assert.equal(h.rt.sim.followActivationLink(`alice.nguyen@${D}`), 'activated');
    state.now = T0 + 24 * 3600_000 + 1_000;
    await h.rt.service.runDueWork();
    const followUp = await h.connector.waitFor((m) => /emailed have activated/.test(cardTexts(cardOf(m))[0] ?? ''));
    assert.equal(followUp.conversationId, CONVERSATION);
    const texts = cardTexts(cardOf(followUp));
    assert.equal(texts[0], 'Follow-up: 1 of 2 users emailed have activated');
    assert.ok(texts.includes(`dave.new@${D}`) && texts.includes(`alice.nguyen@${D}`));
    const resend = actionTitled(followUp, 'Resend to 1 still pending');
    assert.deepEqual(Object.keys(dataOf(resend)).sort(), ['action', 'runId']);

    const again = await planCard(h, cardClick(followUp.id, dataOf(resend)));
    const planTexts = cardTexts(cardOf(again));
    assert.equal(planTexts[0], 'Resend activation emails to 1 user?');
    // The pending users travel as Okta ids: the row names the id and the login it found.
    assert.ok(planTexts.some((t) => t.endsWith(`(dave.new@${D})`)) && !planTexts.some((t) => t.includes('alice')), planTexts.join('\n'));
    // The store's suppression window runs on real time, not the moved clock: off for this test.
  }, { ...options, resend: { suppressionSeconds: 0 } });
});

test('a bounced address is reported in the run’s conversation with the provider’s reason and what to do; an admin may take it off the bounce list', async () => {
  const { state, options } = clock();
  await withTeams(async (h) => {
    h.rt.sim.failDelivery(`dave.new@${D}`, { kind: 'bounce', providerMessage: '550 5.1.1 The email account that you tried to reach does not exist' });
    await confirmedRun(h, `resend activation alice.nguyen@${D} dave.new@${D}`);
    state.now = T0 + 5 * 60_000 + 1_000;
    await h.rt.service.runDueWork();
    const notice = await h.connector.waitFor((m) => /^Delivery problems/.test(cardTexts(cardOf(m))[0] ?? ''));
    assert.equal(notice.conversationId, CONVERSATION);
    const texts = cardTexts(cardOf(notice));
    assert.equal(texts[0], 'Delivery problems: 1 email did not arrive');
    assert.equal(texts[1], `dave.new@${D}`);
    assert.equal(texts[2], 'bounce: 550 5.1.1 The email account that you tried to reach does not exist');
    assert.match(texts[3] ?? '', /bounce list/);

    // Behind a folded second step; the core lets admins only, once.
    const clear = actionTitled(notice, 'Take them off the bounce list');
    assert.equal(allActions(cardOf(notice))[0]?.title, 'Take 1 off Okta\'s bounce list…');
    await h.post(cardClick(notice.id, dataOf(clear)));
    await h.connector.waitFor((m) => textOf(m) === 'Only admins can take addresses off Okta\'s bounce list.');
    await h.post(cardClick(notice.id, dataOf(clear), ROOT));
    await h.connector.waitFor((m) => textOf(m).startsWith(`Root Admin took dave.new@${D} off Okta's bounce list.`));
  }, { ...options, admins: [ROOT.aadObjectId] });
});
