import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject, PostedActivity } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, isPlanCard, personalMessage, textOf, withTeams, type TeamsHarness } from './teams-harness.ts';

// Once the core has settled a plan (Confirm) the run must happen whatever the Bot Connector does:
// card updates, progress messages and results are best effort (429, 5xx and 404 injected by the
// fake Bot Connector's `faults`), and only the run itself may stop a job. Most faults here are 429
// and 404; one 500 shows that a server error ends the same way (botbuilder's client retried 5xx for
// seconds; the Teams SDK's does not retry).

const planIdOf = (plan: PostedActivity): string => String((cardActions(cardOf(plan))[0]?.data as JsonObject).planId);
const mailed = (h: TeamsHarness) => h.rt.sim.outbox.map((mail) => mail.to).sort();
const replies = (h: TeamsHarness) => h.connector.posted().filter((m) => textOf(m) !== '').map(textOf);
const isCard = (body: JsonObject | null) => Array.isArray(body?.attachments);

async function confirmedPlan(h: TeamsHarness): Promise<PostedActivity> {
  await h.post(personalMessage(`resend activation alice.nguyen@${D} bob.li@${D}`));
  const plan = await h.connector.waitFor(isPlanCard);
  await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(plan) }));
  return plan;
}

test('the plan card cannot be updated at Confirm (429): the emails still go out, exactly once', async () => {
  await withTeams(async (h) => {
    h.connector.faults.push((request) => (request.method === 'PUT' ? 429 : null));
    const plan = await confirmedPlan(h);
    await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
    await h.surface.drain();
    assert.deepEqual(mailed(h), [`alice.nguyen@${D}`, `bob.li@${D}`]);
    assert.ok(h.connector.calls.some((call) => call.kind === 'update' && call.status === 429), 'the update was tried and refused');
    assert.equal(h.connector.message(plan.id)?.versions.length, 1, 'the card could not change');

    // The plan is used up: a second click runs nothing.
    await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(plan) }));
    await h.surface.drain();
    assert.ok(replies(h).some((text) => /already/i.test(text)), JSON.stringify(replies(h)));
    assert.equal(h.lifecycleCalls(), 2);
  });
});

test('progress and result posts fail (429, 404): the run completes and the card still ends in its final state', async () => {
  await withTeams(async (h) => {
    // Every text message after the plan fails (the progress message), and so does the report card.
    h.connector.faults.push((request) => (request.kind !== 'update' && !isCard(request.body) ? 429 : null));
    h.connector.faults.push((request) => (isCard(request.body) && cardTexts(((request.body?.attachments as JsonObject[])[0]?.content as JsonObject) ?? null)[0] === 'Done' ? 404 : null));
    const plan = await confirmedPlan(h);
    await h.connector.waitUntil(() => /^Done/.test(cardTexts(cardOf(h.connector.message(plan.id)!)).at(-1) ?? ''));
    await h.surface.drain();
    assert.deepEqual(mailed(h), [`alice.nguyen@${D}`, `bob.li@${D}`]);
    assert.equal(cardTexts(cardOf(h.connector.message(plan.id)!)).at(-1), 'Done: 2 sent · 0 skipped · 0 failed');
  });
});

test('a job that fails before any run says that nothing was sent', async () => {
  await withTeams(async (h) => {
    // The plan card cannot be posted: the job stops before anything could be confirmed.
    h.connector.faults.push((request) => (isCard(request.body) ? 500 : null));
    await h.post(personalMessage(`resend activation alice.nguyen@${D}`));
    await h.surface.drain();
    assert.deepEqual(replies(h), ['Something went wrong on my side, and I stopped before sending anything. Try again in a minute.']);
    assert.equal(h.lifecycleCalls(), 0);
  });
});

test('a click on a button the bot does not know gets a short reply, and nothing runs', async () => {
  await withTeams(async (h) => {
    await h.post(cardClick('1795389650001', { action: 'launch', target: 'everything' }));
    await h.connector.waitUntil(() => replies(h).length > 0);
    assert.match(replies(h)[0] ?? '', /^I do not know that button/);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});
