import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { ADA, cardOf, cardTexts, channelCardClick, D, type TeamsHarness } from './teams-harness.ts';
import { APPROVAL_USERS, APPROVALS, approvalCard, approvalIdOf, lastText, mariaConfirms, PERSONAL, withHarness } from './approval-helpers.ts';

// README, "Who may do what": of anyone who is not her report a manager learns nothing Okta holds.
// An approved run is reported to her as each name as she typed it, sent or not sent; the approvers
// see it in full. Asserted on everything that reached the fake Bot Connector in her conversation.

const X_ID = '00uxhire000000000001';
const Y_ID = '00uyhire000000000001';
/** Named by their email, which is not their login: the login must never reach her. */
const USERS: SimulatorSeedUser[] = [
  ...APPROVAL_USERS,
  { id: X_ID, login: `x.login@${D}`, email: `x.hire@${D}`, status: 'PROVISIONED', manager: `someone.else@${D}` },
  { id: Y_ID, login: `y.login@${D}`, email: `y.hire@${D}`, status: 'PROVISIONED', manager: `someone.else@${D}` },
];
const OKTA_HOLDS = /x\.login|y\.login|00uxhire|00uyhire|PROVISIONED|Pending user action|SUSPENDED|Suspended|unsuspend/;

/** Every version of every activity the bot sent into Maria's personal chat, as JSON. */
const toMaria = (h: TeamsHarness) => h.connector.posted().filter((m) => m.conversationId.split(';')[0] === PERSONAL).flatMap((m) => m.versions.map((v) => JSON.stringify(v)));

test('after approval the manager hears only sent / not sent per name as she typed it; the approvers see what Okta said', async () => {
  await withHarness(
    async (h) => {
      await mariaConfirms(h, ['x.hire', 'y.hire']);
      const card = await approvalCard(h);
      // Between request and approval one of them changes in Okta: the approved run skips them.
      h.rt.sim.setStatus(Y_ID, 'SUSPENDED');
      await h.post(channelCardClick(APPROVALS, card.id, { action: 'approve', approvalId: approvalIdOf(card) }, ADA));
      await h.connector.waitUntil(() => lastText(h.connector.message(card.id)).startsWith('Approved by Ada Approver — done'));
      await h.surface.drain();
      assert.deepEqual(h.rt.sim.outbox.map((mail) => mail.to), [`x.hire@${D}`]);

      const said = toMaria(h).join('\n');
      assert.doesNotMatch(said, OKTA_HOLDS);
      assert.match(said, /Ada Approver approved your request for 2 users: 1 sent · 1 not sent\./);
      const report = h.connector.posted().filter((m) => m.conversationId === PERSONAL && cardTexts(cardOf(m))[0] === 'Done').at(-1);
      assert.ok(report, 'a report card reached her');
      const rows = cardTexts(cardOf(report));
      assert.deepEqual(rows.slice(2), [`y.hire@${D}`, 'not sent', `x.hire@${D}`, 'sent']);

      // The approval thread has it all.
      const approvers = h.connector.posted().filter((m) => m.conversationId.startsWith(APPROVALS)).map((m) => JSON.stringify(m.activity)).join('\n');
      assert.match(approvers, /x\.login@corp\.example/);
      assert.match(approvers, /was PROVISIONED/);
      assert.match(approvers, /SUSPENDED/);
    },
    { users: USERS },
  );
});

test('a denial names the users as she typed them, never their logins', async () => {
  await withHarness(
    async (h) => {
      await mariaConfirms(h, ['x.hire']);
      const card = await approvalCard(h);
      await h.post(channelCardClick(APPROVALS, card.id, { action: 'deny', approvalId: approvalIdOf(card) }, ADA));
      await h.connector.waitUntil(() => toMaria(h).some((t) => t.includes('Ada Approver denied')));
      await h.surface.drain();
      const said = toMaria(h).join('\n');
      assert.doesNotMatch(said, OKTA_HOLDS);
      assert.match(said, /x\.hire@corp\.example/);
    },
    { users: USERS },
  );
});
