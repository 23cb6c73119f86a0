import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject, PostedActivity } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, HANK, isPlanCard, personalMessage, startTeamsHarness, textOf, type TeamsHarness } from './teams-harness.ts';

// Card clicks: Teams sends a message activity whose value is the button's data and whose
// replyToId is the card's activity id (fixtures/teams/card-submit.json).

async function withPlan(body: (h: TeamsHarness, plan: PostedActivity, planId: string) => Promise<void>, options: Parameters<typeof startTeamsHarness>[0] = {}): Promise<void> {
  const h = await startTeamsHarness(options);
  try {
    await h.post(personalMessage(`resend activation alice.nguyen@${D} bob.li@${D}`));
    const plan = await h.connector.waitFor(isPlanCard);
    const planId = String((cardActions(cardOf(plan))[0]?.data as JsonObject).planId);
    await body(h, plan, planId);
  } finally {
    await h.close();
  }
}

const replies = (h: TeamsHarness) => h.connector.posted().filter((m) => textOf(m) !== '').map(textOf);

test('someone else clicking Confirm gets "not your request", and nothing is sent', async () => {
  await withPlan(async (h, plan, planId) => {
    await h.post(cardClick(plan.id, { action: 'confirm', planId }, HANK));
    await h.connector.waitUntil(() => replies(h).length > 0);
    assert.deepEqual(replies(h), ['This is not your request: only Helen Help can confirm it.']);
    assert.equal(h.connector.message(plan.id)?.versions.length, 1, 'the card is left for its owner');
    assert.equal(h.lifecycleCalls(), 0);
    assert.deepEqual(h.rt.sim.outbox, []);
  });
});

test('Cancel closes the card and sends nothing; a later Confirm is refused', async () => {
  await withPlan(async (h, plan, planId) => {
    await h.post(cardClick(plan.id, { action: 'cancel', planId }));
    await h.connector.waitUntil(() => (h.connector.message(plan.id)?.versions.length ?? 0) === 2);
    const card = cardOf(h.connector.message(plan.id)!);
    assert.equal(cardTexts(card).at(-1), 'Cancelled by Helen Help — nothing was sent.');
    assert.deepEqual(cardActions(card), []);

    await h.post(cardClick(plan.id, { action: 'confirm', planId }));
    await h.connector.waitUntil(() => replies(h).length > 0);
    assert.deepEqual(replies(h), ['This plan was cancelled.']);
    assert.equal(h.lifecycleCalls(), 0);
    assert.deepEqual(h.rt.sim.outbox, []);
  });
});

test('a double click on Confirm runs the plan once: one email per user', async () => {
  await withPlan(async (h, plan, planId) => {
    const [first, second] = await Promise.all([
      h.post(cardClick(plan.id, { action: 'confirm', planId })),
      h.post(cardClick(plan.id, { action: 'confirm', planId })),
    ]);
    assert.deepEqual([first.status, second.status], [200, 200]);
    await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
    await h.surface.drain();
    assert.deepEqual(h.rt.sim.outbox.map((mail) => mail.to).sort(), [`alice.nguyen@${D}`, `bob.li@${D}`]);
    assert.equal(h.lifecycleCalls(), 2);
    assert.ok(replies(h).includes('Already confirmed: this plan runs once.'));
    assert.equal(h.connector.posted().filter((m) => cardTexts(cardOf(m))[0] === 'Done').length, 1, 'one report');
  });
});

test('an expired plan: the card says so and loses its buttons, and nothing is sent', async () => {
  let offsetMs = 0;
  await withPlan(
    async (h, plan, planId) => {
      offsetMs = 16 * 60_000;
      await h.post(cardClick(plan.id, { action: 'confirm', planId }));
      await h.connector.waitUntil(() => (h.connector.message(plan.id)?.versions.length ?? 0) === 2);
      const card = cardOf(h.connector.message(plan.id)!);
      assert.deepEqual(cardTexts(card), ['This plan expired after 15 minutes. Run the command again to see a fresh one.']);
      assert.deepEqual(cardActions(card), []);
      assert.equal(h.lifecycleCalls(), 0);
      assert.deepEqual(h.rt.sim.outbox, []);
    },
    { now: () => Date.now() + offsetMs },
  );
});

test('an offered alternative (password reset for an active user) is a new plan with its own confirmation', async () => {
  const h = await startTeamsHarness();
  try {
    await h.post(personalMessage(`resend activation carol.active@${D}`));
    const plan = await h.connector.waitFor((m) => cardActions(cardOf(m)).length > 0);
    const offer = cardActions(cardOf(plan)).find((a) => (a.data as JsonObject).action === 'alternative');
    assert.ok(offer, 'the plan offers a password reset');
    await h.post(cardClick(plan.id, offer.data as Record<string, string>));
    const resetPlan = await h.connector.waitFor(isPlanCard);
    assert.equal(cardTexts(cardOf(resetPlan))[0], 'Send password-reset emails to 1 user?');
    assert.equal(h.lifecycleCalls(), 0, 'choosing the alternative sends nothing by itself');
  } finally {
    await h.close();
  }
});
