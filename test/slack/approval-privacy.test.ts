import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { ACTION_APPROVE } from '../../src/slack/blocks/approval-blocks.ts';
import { ACTION_CANCEL, ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import { ADA, APPROVALS, CHANNEL, D, MARIA, textOf, USERS, withSlack, type SlackHarness } from './slack-harness.ts';

// README, "Who may do what": of anyone who is not her report a manager learns nothing Okta holds.
// An approved run reaches her thread as each name as she typed it, sent or not sent; the approval
// thread has the full report. Asserted on everything that reached the fake Slack Web API.

const X_ID = '00uxhire000000000001';
const Y_ID = '00uyhire000000000001';
/** Named by their email, which is not their login: the login must never reach her. */
const PRIVACY_USERS: SimulatorSeedUser[] = [
  ...USERS,
  { id: X_ID, login: `x.login@${D}`, email: `x.hire@${D}`, status: 'PROVISIONED', manager: `someone.else@${D}` },
  { id: Y_ID, login: `y.login@${D}`, email: `y.hire@${D}`, status: 'PROVISIONED', manager: `someone.else@${D}` },
];
const OKTA_HOLDS = /x\.login|y\.login|00uxhire|00uyhire|PROVISIONED|Pending user action|SUSPENDED|Suspended|unsuspend/;

async function mariaAsks(h: SlackHarness, text: string) {
  await h.command(MARIA, text);
  await h.settle();
  const plan = h.messagesWithButton(ACTION_CANCEL).at(-1);
  assert.ok(plan);
  await h.click(plan, ACTION_CONFIRM, MARIA);
  await h.settle();
  const approval = h.messagesWithButton(ACTION_APPROVE).at(-1);
  assert.ok(approval, 'the approval request was posted');
  return { plan, approval };
}

/** Everything in her thread: every version of every message, blocks included, and files there. */
function herThread(h: SlackHarness, rootTs: string): string {
  return h.slack.thread(CHANNEL, rootTs).map(textOf).join('\n');
}

test('after approval the manager\'s thread says sent / not sent per name as she typed it, and nothing Okta holds', async () => {
  await withSlack(
    async (h) => {
      const { plan, approval } = await mariaAsks(h, `x.hire@${D}, y.hire@${D}`);
      // Between request and approval one of them changes in Okta: the approved run skips them.
      h.rt.sim.setStatus(Y_ID, 'SUSPENDED');
      await h.click(approval, ACTION_APPROVE, ADA);
      await h.settle();
      assert.equal(h.emailsTo(`x.hire@${D}`), 1);
      assert.equal(h.emailsTo(`y.hire@${D}`), 0);

      const said = herThread(h, plan.ts);
      assert.doesNotMatch(said, OKTA_HOLDS);
      const told = h.slack.thread(CHANNEL, plan.ts).find((m) => m.text.includes('approved your request'));
      assert.ok(told, 'she heard the outcome in her thread');
      assert.equal(told.text, ':white_check_mark: ada approved your request: 1 sent · 1 not sent.');
      assert.match(textOf(told), /\*y\.hire@corp\.example\* — not sent/);
      assert.match(textOf(told), /\*x\.hire@corp\.example\* — sent/);
      assert.doesNotMatch(textOf(told), /skipped|failed/);

      // The approvers' thread has the full report.
      const approvers = h.slack.thread(APPROVALS, approval.ts).map(textOf).join('\n');
      assert.match(approvers, /x\.login@corp\.example/);
      assert.match(approvers, /was PROVISIONED/);
      assert.match(approvers, /SUSPENDED/);
    },
    { simulator: { users: PRIVACY_USERS } },
  );
});

test('an expired request names the users as she typed them, never their logins', async () => {
  let now = Date.now();
  await withSlack(
    async (h) => {
      const { plan } = await mariaAsks(h, `x.hire@${D}`);
      now += 25 * 3600_000;
      await h.until(() => /Nobody approved your request in time/.test(herThread(h, plan.ts)), 'the sweep told her');
      await h.settle();
      const said = herThread(h, plan.ts);
      assert.doesNotMatch(said, OKTA_HOLDS);
      assert.match(said, /• x\.hire@corp\.example/);
    },
    { simulator: { users: PRIVACY_USERS }, now: () => now, approvalSweepMs: 20 },
  );
});
