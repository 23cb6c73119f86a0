import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Requester } from '../../src/core/requester.ts';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import type { PostedActivity } from '../support/fake-bot-connector.ts';
import { D, HELEN, isPlanCard, MARIA, personalMessage, textOf, type TeamsHarness } from './teams-harness.ts';
import { APPROVAL_USERS, MARIA_OKTA, mailed, withHarness } from './approval-helpers.ts';

// Issue #5's limits and the manager's own account, through Teams: a requester without a role
// (Maria, a manager) may name at most MANAGER_MAX_USERS users per request and make at most
// MANAGER_MAX_REQUESTS_PER_HOUR requests that get a plan; her own Okta account (found by her
// roster email) must be one active account. Each refusal is a plain reply and no plan card, so
// nothing can be confirmed, and no lifecycle call reaches Okta.

/** Posts a message and resolves with the bot's next post (the plan card or the refusal). */
async function ask(h: TeamsHarness, text: string, from = MARIA): Promise<PostedActivity> {
  const before = h.connector.posted().length;
  await h.post(personalMessage(text, from));
  await h.connector.waitUntil(() => h.connector.posted().length > before);
  await h.surface.drain();
  return h.connector.posted()[before]!;
}

/** The reply as the person reads it (Markdown escapes removed). */
const said = (message: PostedActivity): string => textOf(message).replace(/\\(.)/g, '$1');
const names = (...logins: string[]) => `resend activation ${logins.map((l) => `${l}@${D}`).join(' ')}`;

test('a manager naming more users than MANAGER_MAX_USERS is refused before Okta is asked; helpdesk is not limited', async () => {
  await withHarness(
    async (h) => {
      const reply = await ask(h, names('mine.byid', 'mine.byname', 'other.hire'));
      assert.equal(isPlanCard(reply), false);
      assert.equal(said(reply), 'You can ask for at most 2 users in one request (you named 3). Split the list, or ask your helpdesk.');
      assert.equal(h.rt.sim.calls.length, 0, 'no Okta call at all, lookups included');

      // Two is allowed.
      assert.ok(isPlanCard(await ask(h, names('mine.byid', 'mine.byname'))));
      // Helpdesk has no per-request cap.
      assert.ok(isPlanCard(await ask(h, names('mine.byid', 'mine.byname', 'other.hire'), HELEN)));
      assert.equal(h.lifecycleCalls(), 0);
      assert.deepEqual(mailed(h), []);
    },
    { resend: { managerMaxUsers: 2 } },
  );
});

test('MANAGER_MAX_REQUESTS_PER_HOUR counts planned requests by email across surfaces; refusals do not count; the hour slides', async () => {
  let offsetMs = 0;
  await withHarness(
    async (h) => {
      // Refused for its size: it must not use up the hour.
      assert.equal(isPlanCard(await ask(h, names('mine.byid', 'mine.byname', 'other.hire'))), false);
      // The same person (same email) asking from Slack, through the same core.
      const fromSlack: Requester = { surface: 'slack', userId: 'U0MARIA', email: `Maria.Boss@${D}`, displayName: 'maria', groupIds: [] };
      assert.equal((await h.rt.service.prepare(fromSlack, { kind: 'text', text: `mine.byid@${D}` })).kind, 'planned');
      // One more from Teams reaches the limit of two…
      assert.ok(isPlanCard(await ask(h, names('mine.byid'))));
      // …and the next is refused, with no plan to confirm.
      const refused = await ask(h, names('mine.byname'));
      assert.equal(isPlanCard(refused), false);
      assert.equal(said(refused), 'You have made 2 requests in the last hour, the most allowed. Try again later, or ask your helpdesk.');
      // Helpdesk is not limited.
      assert.ok(isPlanCard(await ask(h, names('mine.byname'), HELEN)));

      offsetMs = 61 * 60_000;
      assert.ok(isPlanCard(await ask(h, names('mine.byname'))), 'an hour later she may ask again');
      assert.equal(h.lifecycleCalls(), 0);
      assert.deepEqual(mailed(h), []);
    },
    { resend: { managerMaxRequestsPerHour: 2, managerMaxUsers: 2 }, now: () => Date.now() + offsetMs },
  );
});

const withManager = (maria: SimulatorSeedUser[]): SimulatorSeedUser[] => [...maria, ...APPROVAL_USERS.filter((user) => user !== MARIA_OKTA)];

test('a manager whose own Okta account is DEPROVISIONED is refused, even for her own reports', async () => {
  await withHarness(
    async (h) => {
      const reply = await ask(h, names('mine.byid'));
      assert.equal(isPlanCard(reply), false);
      assert.equal(said(reply), `Your own Okta account (maria.boss@${D}) is DEPROVISIONED, so it cannot vouch for anyone. Ask your helpdesk.`);
      assert.equal(h.lifecycleCalls(), 0);
      assert.deepEqual(mailed(h), []);
    },
    { users: withManager([{ ...MARIA_OKTA, status: 'DEPROVISIONED' }]) },
  );
});

// Her login settles which account is hers (see the integration test with an admin account that
// shares her mailbox); only when no login is her address and two accounts carry it is she refused.
test('two Okta users sharing the manager\'s email, neither with it as login: she is refused rather than guessed', async () => {
  await withHarness(
    async (h) => {
      const reply = await ask(h, names('mine.byid'));
      assert.equal(isPlanCard(reply), false);
      assert.equal(said(reply), `No single Okta user has your email (maria.boss@${D}), so your direct reports cannot be found. Ask your helpdesk.`);
      assert.equal(h.lifecycleCalls(), 0);
      assert.deepEqual(mailed(h), []);
    },
    {
      users: withManager([
        { ...MARIA_OKTA, login: `mboss@${D}`, email: `maria.boss@${D}` },
        { login: `maria.boss.admin@${D}`, email: `maria.boss@${D}`, status: 'ACTIVE', activated: '2021-01-01T00:00:00.000Z', hasPassword: true },
      ]),
    },
  );
});
