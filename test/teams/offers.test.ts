import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import type { JsonObject, PostedActivity } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, HELEN, isPlanCard, personalMessage, ROOT, withTeams, textOf, type TeamsHarness } from './teams-harness.ts';

// Alternatives the plan card offers (issue #5): a password-reset email for users who are already
// active (helpdesk), and reactivating a deactivated account (admins only). Each is a plan of its
// own with its own card and confirmation; nothing is sent by choosing it.

const USERS: SimulatorSeedUser[] = [
  { login: `alice.nguyen@${D}`, status: 'PROVISIONED' },
  { login: `carol.active@${D}`, status: 'ACTIVE', activated: '2026-01-02T03:04:05.000Z', hasPassword: true },
  { login: `gone.user@${D}`, status: 'DEPROVISIONED', activated: '2021-01-01T00:00:00.000Z' },
];

const withHarness = (body: (h: TeamsHarness) => Promise<void>) => withTeams(body, { users: USERS, admins: [ROOT.aadObjectId] });

const actionsOf = (m: PostedActivity) => cardActions(cardOf(m)).map((a) => ({ title: String(a.title), data: (a.data ?? {}) as Record<string, string> }));
const offerOf = (m: PostedActivity) => actionsOf(m).find((a) => a.data.action === 'alternative');

/** The next plan card posted after `known` cards. */
async function nextPlanCard(h: TeamsHarness, known: number): Promise<PostedActivity> {
  await h.connector.waitUntil(() => h.connector.posted().filter(isPlanCard).length > known);
  return h.connector.posted().filter(isPlanCard)[known]!;
}

test('helpdesk: an active user is offered a password-reset email; confirming that plan sends exactly one', async () => {
  await withHarness(async (h) => {
    await h.post(personalMessage(`resend activation alice.nguyen@${D} carol.active@${D}`));
    const plan = await nextPlanCard(h, 0);
    const offer = offerOf(plan);
    assert.deepEqual(offer, { title: 'Send password-reset email instead (1)', data: { action: 'alternative', planId: offer?.data.planId ?? '', alternative: 'reset_password' } });

    await h.post(cardClick(plan.id, offer!.data));
    const reset = await nextPlanCard(h, 1);
    const texts = cardTexts(cardOf(reset));
    assert.equal(texts[0], 'Send password-reset emails to 1 user?');
    assert.equal(texts[1], 'This sends password-reset emails, not activation emails: each user must set a new password.');
    assert.ok(texts.includes(`carol.active@${D}`) && !texts.includes(`alice.nguyen@${D}`), 'only the active user');
    assert.equal(actionsOf(reset)[0]?.title, 'Send 1 email');
    assert.equal(h.lifecycleCalls(), 0, 'choosing the alternative sends nothing by itself');

    await h.post(cardClick(reset.id, actionsOf(reset)[0]!.data));
    await h.connector.waitUntil(() => cardTexts(cardOf(h.connector.message(reset.id)!)).at(-1)?.startsWith('Done:') ?? false);
    await h.surface.drain();
    assert.deepEqual(h.rt.sim.outbox.map((mail) => [mail.to, mail.kind]), [[`carol.active@${D}`, 'password_reset']]);
    assert.equal(h.lifecycleCalls(), 1);
    // The first plan is still open: Alice's activation email was not sent along with it.
    assert.equal(h.connector.message(plan.id)?.versions.length, 1);
  });
});

test('a deactivated account: offered to admins only, with a second card warning that it restores the account', async () => {
  await withHarness(async (h) => {
    await h.post(personalMessage(`resend activation gone.user@${D}`, HELEN));
    // Nothing to send and nothing offered to helpdesk: the card has no buttons at all.
    const helpdeskCard = await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Nothing to send');
    assert.deepEqual(actionsOf(helpdeskCard), []);

    const before = h.connector.posted().length;
    await h.post(personalMessage(`resend activation gone.user@${D}`, ROOT));
    await h.connector.waitUntil(() => h.connector.posted().slice(before).some((m) => offerOf(m) !== undefined));
    const adminPlan = h.connector.posted().slice(before).find((m) => offerOf(m) !== undefined)!;
    assert.equal(offerOf(adminPlan)?.title, 'Reactivate deactivated account (1)');

    await h.post(cardClick(adminPlan.id, offerOf(adminPlan)!.data, ROOT));
    const restore = await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Reactivate 1 deactivated account?');
    const texts = cardTexts(cardOf(restore));
    assert.equal(texts[1], 'This restores deactivated accounts: they become pending activation again. Apps removed at deactivation are not reassigned.');
    assert.ok(texts.some((t) => /Restores a deactivated account/.test(t)), texts.join('\n'));
    assert.equal(actionsOf(restore)[0]?.title, 'Reactivate 1 account');
    assert.equal(h.lifecycleCalls(), 0);

    // Only the admin who asked can confirm it.
    await h.post(cardClick(restore.id, actionsOf(restore)[0]!.data, HELEN));
    await h.connector.waitFor((m) => textOf(m).startsWith('This is not your request'));
    assert.equal(h.lifecycleCalls(), 0);

    await h.post(cardClick(restore.id, actionsOf(restore)[0]!.data, ROOT));
    await h.connector.waitUntil(() => cardTexts(cardOf(h.connector.message(restore.id)!)).at(-1)?.startsWith('Done:') ?? false);
    await h.surface.drain();
    assert.equal(h.rt.sim.getUser(`gone.user@${D}`)?.status, 'PROVISIONED');
    assert.deepEqual(h.rt.sim.outbox.map((mail) => mail.to), [`gone.user@${D}`]);
  });
});

test('helpdesk pressing the admin-only alternative on a real plan is refused', async () => {
  await withHarness(async (h) => {
    await h.post(personalMessage(`resend activation alice.nguyen@${D} gone.user@${D}`));
    const plan = await nextPlanCard(h, 0);
    assert.equal(offerOf(plan), undefined, 'no reactivation offer for helpdesk');
    const planId = String((cardActions(cardOf(plan))[0]?.data as JsonObject).planId);
    await h.post(cardClick(plan.id, { action: 'alternative', planId, alternative: 'activate_deprovisioned' }));
    const reply = await h.connector.waitFor((m) => textOf(m) !== '');
    assert.equal(textOf(reply), 'Only admins can reactivate deactivated accounts.');
    await h.surface.drain();
    assert.equal(h.lifecycleCalls(), 0);
    assert.deepEqual(h.rt.sim.outbox, []);
  });
});

test('an alternative plan that could not be posted is withdrawn: pressing the offer again posts it', async () => {
  await withHarness(async (h) => {
    await h.post(personalMessage(`resend activation alice.nguyen@${D} carol.active@${D}`));
    const plan = await nextPlanCard(h, 0);
    let healthy = false;
    const isResetCard = (body: JsonObject | null) => cardTexts(((body?.attachments as JsonObject[] | undefined)?.[0]?.content as JsonObject | undefined) ?? null)[0]?.startsWith('Send password-reset') ?? false;
    h.connector.faults.push((request) => (!healthy && isResetCard(request.body) ? 503 : null));
    await h.post(cardClick(plan.id, offerOf(plan)!.data));
    await h.surface.drain();
    assert.equal(h.connector.posted().filter(isPlanCard).length, 1, 'the Bot Connector refused the reset card');
    assert.match(h.connector.posted().map(textOf).filter(Boolean).at(-1) ?? '', /Try again in a minute/);

    healthy = true;
    await h.post(cardClick(plan.id, offerOf(plan)!.data));
    const reset = await nextPlanCard(h, 1);
    assert.equal(cardTexts(cardOf(reset))[0], 'Send password-reset emails to 1 user?');
    assert.deepEqual(h.rt.sim.outbox, [], 'nothing is sent by choosing it');
  });
});
