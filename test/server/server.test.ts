import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';
import { startFakeSlackApi } from '../support/fake-slack-api.ts';
import { CHANNEL, D, HELEN, SIGNING_SECRET, USERS, sign } from '../slack/slack-harness.ts';
import { freePort } from '../support/ports.ts';
import { startServerProcess } from '../support/server-process.ts';

// `npm start` as deployed: src/main.ts in a child process, configured only through the
// environment, with Okta at the simulator and Slack's Web API at the fake.

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;


async function until<T>(probe: () => Promise<T | null> | T | null, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('the server from the environment: /healthz lists Slack and Teams, a signed slash command ends in one email and an audit trail', async () => {
  const sim = await startOktaSimulator({ users: USERS });
  const slack = await startFakeSlackApi();
  slack.users.set(HELEN.id, HELEN);
  const port = await freePort();
  const auditPath = join(await mkdtemp(join(tmpdir(), 'server-')), 'audit.jsonl');
  const child = startServerProcess(['--import', 'tsx', MAIN], port, {
    OKTA_ORG_URL: sim.url,
    OKTA_API_TOKEN: sim.apiToken,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    // By email: the role list names people the way an admin knows them (users.info gives the email).
    HELPDESK_USERS: HELEN.email,
    AUDIT_LOG_PATH: auditPath,
    LOG_LEVEL: 'warn',
  });
  const { exited } = child;
  try {
    const base = `http://127.0.0.1:${port}`;
    const health = (await (await child.healthy()).json()) as { ok: boolean; surfaces: string[] };
    assert.deepEqual(health, { ok: true, surfaces: ['slack', 'teams'] });

    const body = new URLSearchParams({ command: '/resend-activation', text: `alice.nguyen@${D}`, user_id: HELEN.id, user_name: HELEN.name, channel_id: CHANNEL, team_id: 'T0001', response_url: slack.responseUrl('srv'), trigger_id: 't-1' }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const ack = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) }, body });
    assert.equal(ack.status, 200);
    const plan = await until(() => slack.messages.find((m) => m.blocks.some((b) => b.type === 'actions')) ?? null, 'the plan');
    const payload = {
      type: 'block_actions', user: { id: HELEN.id, name: HELEN.name }, team: { id: 'T0001' }, api_app_id: 'A1', token: 'x', trigger_id: 't-2',
      container: { type: 'message', message_ts: plan.ts, channel_id: plan.channel }, channel: { id: plan.channel }, message: { ts: plan.ts, text: plan.text, blocks: plan.blocks },
      actions: [{ type: 'button', action_id: 'plan_confirm', block_id: 'plan_actions', value: (plan.blocks.find((b) => b.type === 'actions')!.elements as Array<{ value: string }>)[0]!.value, action_ts: '1' }],
    };
    const click = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const clickTs = Math.floor(Date.now() / 1000);
    const clicked = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(clickTs), 'x-slack-signature': sign(click, clickTs) }, body: click });
    assert.equal(clicked.status, 200);
    await until(() => (sim.outbox.length === 1 ? true : null), 'the email');
    assert.equal(sim.outbox[0]?.to, `alice.nguyen@${D}`);

    const teams = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(teams.status, 400, 'the Teams route is mounted and refuses a body that is not an activity');

    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'a clean shutdown on SIGTERM');
    const audit = await readFile(auditPath, 'utf8');
    assert.match(audit, /"type":"lifecycle"/);
    assert.doesNotMatch(audit + child.output(), new RegExp(`${sim.apiToken}|${slack.botToken}|${SIGNING_SECRET}`), 'no secret in the audit file or the logs');
  } finally {
    child.kill('SIGKILL');
    await slack.close();
    await sim.close();
  }
});
