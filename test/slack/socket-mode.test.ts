import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSilentLogger } from '../../src/logging/logger.ts';
import { ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import { createSlackSurface } from '../../src/slack/index.ts';
import { startFakeSlackApi } from '../support/fake-slack-api.ts';
import { startSimulatedRuntime } from '../support/okta-runtime.ts';
import { CHANNEL, D, HELEN, USERS } from './slack-harness.ts';

// Socket Mode: the same handlers, reached over a WebSocket that Slack opens through
// apps.connections.open (here a local server speaking Slack's envelope protocol).

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(condition(), what);
}

test('with SLACK_APP_TOKEN there is no HTTP route; a slash command and a Confirm arrive as envelopes, are acked, and send one email', async () => {
  const rt = await startSimulatedRuntime({ helpdeskUsers: [HELEN.id], simulator: { users: USERS } });
  const slack = await startFakeSlackApi();
  slack.users.set(HELEN.id, HELEN);
  const sockets = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => sockets.once('listening', resolve));
  slack.socketUrl = `ws://127.0.0.1:${(sockets.address() as AddressInfo).port}/link`;
  const acks: Array<{ envelope_id: string }> = [];
  let socket: WebSocket | null = null;
  sockets.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => acks.push(JSON.parse(String(data)) as { envelope_id: string }));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A123456' } }));
  });

  const surface = createSlackSurface({
    settings: { botToken: slack.botToken, signingSecret: null, appToken: slack.appToken, apiUrl: slack.apiUrl },
    service: rt.service,
    roleEntries: [HELEN.id],
    logger: createSilentLogger(),
    progressIntervalMs: 50,
  });
  try {
    assert.equal(surface.router, null, 'no /slack/events route in Socket Mode');
    await surface.start();
    await until(() => socket !== null, 'the bot connected to the URL apps.connections.open gave it');
    assert.equal(slack.callsTo('apps.connections.open')[0]?.authorization, `Bearer ${slack.appToken}`);

    socket!.send(JSON.stringify({
      envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true,
      payload: { command: '/resend-activation', text: `alice.nguyen@${D}`, user_id: HELEN.id, user_name: HELEN.name, channel_id: CHANNEL, team_id: 'T0001', response_url: slack.responseUrl('sock'), trigger_id: 't-1', api_app_id: 'A123456' },
    }));
    await until(() => acks.some((a) => a.envelope_id === 'env-1'), 'the command envelope was acked');
    await until(() => slack.messages.some((m) => m.blocks.some((b) => b.type === 'actions')), 'the plan was posted through the Web API');
    const plan = slack.messages.find((m) => m.blocks.some((b) => b.type === 'actions'))!;
    const button = (plan.blocks.find((b) => b.type === 'actions')!.elements as Array<{ action_id: string; value: string }>).find((e) => e.action_id === ACTION_CONFIRM)!;

    socket!.send(JSON.stringify({
      envelope_id: 'env-2', type: 'interactive', accepts_response_payload: false,
      payload: {
        type: 'block_actions', user: { id: HELEN.id, name: HELEN.name, team_id: 'T0001' }, team: { id: 'T0001' }, api_app_id: 'A123456', token: 'x', trigger_id: 't-2',
        container: { type: 'message', message_ts: plan.ts, channel_id: plan.channel }, channel: { id: plan.channel }, message: { ts: plan.ts, text: plan.text, blocks: plan.blocks },
        actions: [{ type: 'button', action_id: ACTION_CONFIRM, block_id: 'plan_actions', value: button.value, action_ts: '1' }],
      },
    }));
    await until(() => acks.some((a) => a.envelope_id === 'env-2'), 'the click envelope was acked');
    await until(() => rt.sim.outbox.length === 1, 'the email went out');
    await surface.drain();
    assert.equal(rt.sim.outbox[0]?.to, `alice.nguyen@${D}`);
  } finally {
    await surface.stop();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
    for (const client of sockets.clients) client.terminate();
    await slack.close();
    await rt.close();
  }
});
