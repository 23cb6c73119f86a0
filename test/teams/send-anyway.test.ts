import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PostedActivity } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, isPlanCard, personalMessage, withTeams } from './teams-harness.ts';

// Teams: a lifecycle call that times out is in doubt, never retried by itself; the report card
// offers "send anyway", a new plan of just those users with a warning, confirmed like any other.

const actionsOf = (m: PostedActivity) => cardActions(cardOf(m)).map((a) => ({ title: String(a.title), data: (a.data ?? {}) as Record<string, string> }));

test('a timed-out call: report card says in doubt and offers send anyway; the forced plan warns, and confirming sends once', async () => {
  await withTeams(async (h) => {
    const dave = h.rt.sim.getUser(`dave.new@${D}`)!;
    const removeHang = h.rt.sim.addFault({ kind: 'hang', times: 1, match: { method: 'POST', when: (request) => request.path.includes(dave.id) } });
    await h.post(personalMessage(`resend activation alice.nguyen@${D} dave.new@${D}`));
    const plan = await h.connector.waitFor(isPlanCard);
    await h.post(cardClick(plan.id, actionsOf(plan)[0]!.data));
    const report = await h.connector.waitFor((m) => actionsOf(m).some((a) => a.data.action === 'send_anyway'));
    removeHang();
    assert.ok(cardTexts(cardOf(report)).some((t) => /In doubt — not retried, to avoid a second email/.test(t)), cardTexts(cardOf(report)).join('\n'));
    assert.equal(h.rt.sim.outbox.filter((m) => m.to === `dave.new@${D}`).length, 0);

    const offer = actionsOf(report).find((a) => a.data.action === 'send_anyway')!;
    assert.equal(offer.title, 'Send anyway to 1 in doubt…');
    await h.post(cardClick(report.id, offer.data));
    // The first plan card lost its buttons when it ran: the only plan card now is the new one.
    const forced = await h.connector.waitFor((m) => isPlanCard(m) && m.id !== plan.id);
    const texts = cardTexts(cardOf(forced));
    assert.ok(texts.some((t) => /may already have gone out/.test(t)), texts.join('\n'));
    assert.ok(texts.includes(`dave.new@${D}`) && !texts.includes(`alice.nguyen@${D}`));
    await h.post(cardClick(forced.id, actionsOf(forced)[0]!.data));
    await h.connector.waitUntil(() => h.rt.sim.outbox.some((m) => m.to === `dave.new@${D}`));
    await h.surface.drain();
    assert.equal(h.rt.sim.outbox.filter((m) => m.to === `dave.new@${D}`).length, 1);
    assert.equal(h.rt.sim.outbox.filter((m) => m.to === `alice.nguyen@${D}`).length, 1);
  }, { oktaLimits: { timeoutSeconds: 0.5 } });
});
