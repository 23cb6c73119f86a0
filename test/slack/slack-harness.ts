import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { createAuditFanout, type AuditSink } from '../../src/core/audit.ts';
import type { ResendSettings } from '../../src/core/resend-service.ts';
import { createSilentLogger } from '../../src/logging/logger.ts';
import type { SimulatorOptions, SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { createHttpApp } from '../../src/server/create-http-app.ts';
import { createSlackSurface, type SlackSurface } from '../../src/slack/index.ts';
import { startFakeSlackApi, type FakeSlackApi, type Json, type PostedMessage, type ResponsePost } from '../support/fake-slack-api.ts';
import { startSimulatedRuntime, type SimulatedRuntime } from '../support/okta-runtime.ts';

// End-to-end through the real Bolt endpoint: signed HTTP requests to /slack/events, the Web API
// pointed at a local fake Slack, Okta through the SDK against the simulator. Assertions read what
// reached the fake (messages, updates, uploads) and the simulator (emails sent).

export const SIGNING_SECRET = 'test-signing-secret-8f2c';
export const D = 'corp.example';
export const CHANNEL = 'C2147483705';
export const APPROVALS = 'CAPPROVALS';
export const AUDIT = 'CAUDIT';

/** Helpdesk by id; her Slack profile's time zone is Berlin (schedules default to it). */
export const HELEN = { id: 'U0HELEN', name: 'helen', email: `helen@${D}`, tz: 'Europe/Berlin' };
export const HANK = { id: 'U0HANK', name: 'hank', email: `hank@${D}` };
/** No role, no email in Slack. */
export const OSCAR = { id: 'U0OSCAR', name: 'oscar' };
/** No role: a manager, found in Okta by her Slack email. */
export const MARIA = { id: 'U0MARIA', name: 'maria', email: `maria.boss@${D}` };
export const ADA = { id: 'U0ADA', name: 'ada', email: `ada@${D}` };
export const ROOT = { id: 'U0ROOT', name: 'root', email: `root@${D}` };
/** Helpdesk through a user-group (S…) rather than by id. */
export const GRACE = { id: 'U0GRACE', name: 'grace', email: `grace@${D}` };
export const HELPDESK_GROUP = 'S0HELPDESK';
export const MARIA_OKTA_ID = '00umaria0000000000001';

export const USERS: SimulatorSeedUser[] = [
  { login: `alice.nguyen@${D}`, status: 'PROVISIONED', firstName: 'Alice', lastName: 'Nguyen' },
  { login: `bob.li@${D}`, status: 'STAGED', firstName: 'Bob', lastName: 'Li' },
  { login: `carol.active@${D}`, status: 'ACTIVE', firstName: 'Carol', lastName: 'Active', activated: '2026-01-02T03:04:05.000Z', hasPassword: true },
  { login: `dave.new@${D}`, status: 'PROVISIONED', firstName: 'Dave', lastName: 'New' },
  { login: `gone.user@${D}`, status: 'DEPROVISIONED', activated: '2021-01-01T00:00:00.000Z' },
  { id: MARIA_OKTA_ID, login: `maria.boss@${D}`, status: 'ACTIVE', activated: '2020-01-01T00:00:00.000Z', hasPassword: true },
  { login: `mine.hire@${D}`, status: 'PROVISIONED', managerId: MARIA_OKTA_ID },
  { login: `other.hire@${D}`, status: 'PROVISIONED', manager: `someone.else@${D}` },
  // Ada approves; she may also ask, like any manager, which is how "not your own request" is tested.
  { login: `ada@${D}`, status: 'ACTIVE', activated: '2020-01-01T00:00:00.000Z', hasPassword: true },
];

export interface HarnessOptions {
  readonly simulator?: SimulatorOptions;
  readonly resend?: Partial<ResendSettings>;
  readonly now?: () => number;
  readonly approvalChannel?: string | null;
  readonly auditChannel?: string | null;
  readonly audit?: AuditSink;
  /** The surface's approval expiry sweep; default its own (60 s, so it never runs in a short test). */
  readonly approvalSweepMs?: number;
  readonly oktaLimits?: { timeoutSeconds?: number; maxWaitSeconds?: number };
}

export interface SlackHarness {
  readonly rt: SimulatedRuntime;
  readonly slack: FakeSlackApi;
  readonly surface: SlackSurface;
  readonly url: string;
  /** POSTs a raw body, signed unless `signature` says otherwise. */
  postRaw(body: string, contentType: string, options?: { timestamp?: number; signature?: string | null }): Promise<{ status: number; body: string; ms: number }>;
  command(user: { id: string; name: string }, text: string, channel?: string): Promise<{ status: number; body: string; ms: number }>;
  interaction(payload: Json): Promise<{ status: number; body: string; ms: number }>;
  event(event: Json): Promise<{ status: number; body: string; ms: number }>;
  /** Presses a button on a message the bot posted, as `user`. */
  click(message: PostedMessage, actionId: string, user: { id: string; name: string }): Promise<{ status: number; body: string; ms: number }>;
  /** Submits a modal the bot opened (views.open), as `user`, with these input values (block → action → value object). */
  submitView(view: Json, user: { id: string; name: string }, values: Json): Promise<{ status: number; body: string; ms: number }>;
  /** Presses a button on an ephemeral answer (a response_url post): no message in the payload, only its response_url. */
  clickResponse(response: ResponsePost, actionId: string, user: { id: string; name: string }): Promise<{ status: number; body: string; ms: number }>;
  /** A Workflow Builder run of the bot's custom step: a signed function_executed event. */
  functionExecuted(callbackId: string, inputs: Json, ids?: { execution?: string; workflowExecution?: string }): Promise<{ status: number; body: string; ms: number }>;
  /** Waits until every background job has finished and the fake has been quiet for a moment. */
  settle(): Promise<void>;
  /** Polls (up to ~10 s) until `condition` holds: for what a timer does (the expiry sweep). */
  until(condition: () => boolean, what: string): Promise<void>;
  /** Messages carrying a button with this action id, newest last. */
  messagesWithButton(actionId: string): PostedMessage[];
  emailsTo(login: string): number;
  lifecycleCalls(): number;
  close(): Promise<void>;
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function buttonsOf(message: PostedMessage): Array<{ action_id: string; value: string; block_id: string }> {
  return message.blocks.flatMap((block) =>
    block.type === 'actions' ? ((block.elements as Array<{ action_id: string; value: string }>) ?? []).map((element) => ({ ...element, block_id: String(block.block_id) })) : [],
  );
}

export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  // As main.ts wires it: the service records into a fan-out; the audit channel joins it once the surface exists.
  const audit = createAuditFanout(options.audit ? [options.audit] : []);
  const rt = await startSimulatedRuntime({
    helpdeskUsers: [HELEN.id, HANK.email, HELPDESK_GROUP],
    approvers: [ADA.id],
    admins: [ROOT.id],
    simulator: options.simulator ?? { users: USERS },
    ...(options.resend ? { settings: options.resend } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.oktaLimits ? { oktaLimits: options.oktaLimits } : {}),
    audit,
  });
  const slack = await startFakeSlackApi();
  for (const user of [HELEN, HANK, OSCAR, MARIA, ADA, ROOT, GRACE]) slack.users.set(user.id, user);
  slack.userGroups.set(HELPDESK_GROUP, [GRACE.id]);
  const surface = createSlackSurface({
    settings: { botToken: slack.botToken, signingSecret: SIGNING_SECRET, appToken: null, apiUrl: slack.apiUrl },
    service: rt.service,
    roleEntries: [HELEN.id, HANK.email, HELPDESK_GROUP, ADA.id, ROOT.id],
    logger: createSilentLogger(),
    approvalChannel: options.approvalChannel === undefined ? APPROVALS : options.approvalChannel,
    auditChannel: options.auditChannel === undefined ? AUDIT : options.auditChannel,
    progressIntervalMs: 50,
    ...(options.approvalSweepMs === undefined ? {} : { approvalSweepMs: options.approvalSweepMs }),
  });
  if (surface.auditSink) audit.add(surface.auditSink);
  await surface.start();
  // What the surface does by itself at start-up (restricting the Workflow Builder step to the
  // helpdesk) is done before any request and is no request's doing: tests count from here.
  await surface.drain();
  slack.calls.length = 0;
  if (!surface.router) throw new Error('HTTP mode expected');
  const server: Server = createHttpApp([{ name: 'slack', router: surface.router }]).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

  const postRaw: SlackHarness['postRaw'] = async (body, contentType, opts = {}) => {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp) };
    const signature = opts.signature === undefined ? sign(body, timestamp) : opts.signature;
    if (signature !== null) headers['x-slack-signature'] = signature;
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, body: await response.text(), ms: performance.now() - started };
  };
  let interactionSeq = 0;
  const interaction = (payload: Json) => postRaw(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');

  const harness: SlackHarness = {
    rt,
    slack,
    surface,
    url,
    postRaw,
    command: (user, text, channel = CHANNEL) => {
      const form = new URLSearchParams({
        token: 'legacy-verification-token', team_id: 'T0001', team_domain: 'corp', channel_id: channel, channel_name: 'it-helpdesk',
        user_id: user.id, user_name: user.name, command: '/resend-activation', text, api_app_id: 'A123456', is_enterprise_install: 'false',
        response_url: slack.responseUrl(`cmd-${++interactionSeq}`, user.id), trigger_id: `trigger-${interactionSeq}`,
      });
      return postRaw(form.toString(), 'application/x-www-form-urlencoded');
    },
    interaction,
    event: (event) => {
      // A user's reply in a thread makes that thread one where Slack shows ephemerals.
      slack.noteUserMessage(String(event.channel), String(event.ts), typeof event.thread_ts === 'string' ? event.thread_ts : null);
      return postRaw(JSON.stringify({ token: 'legacy', team_id: 'T0001', api_app_id: 'A123456', type: 'event_callback', event_id: `Ev${++interactionSeq}`, event_time: 1795389500, event }), 'application/json');
    },
    click: (message, actionId, user) => {
      const button = buttonsOf(message).find((candidate) => candidate.action_id === actionId);
      if (!button) throw new Error(`no ${actionId} button on message ${message.ts}: ${buttonsOf(message).map((b) => b.action_id).join(', ')}`);
      return interaction({
        type: 'block_actions',
        user: { id: user.id, username: user.name, name: user.name, team_id: 'T0001' },
        api_app_id: 'A123456',
        token: 'legacy',
        container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
        trigger_id: `trigger-${++interactionSeq}`,
        team: { id: 'T0001', domain: 'corp' },
        channel: { id: message.channel, name: 'it-helpdesk' },
        message: { type: 'message', ts: message.ts, ...(message.threadTs ? { thread_ts: message.threadTs } : {}), bot_id: 'BBOT', text: message.text, blocks: message.blocks },
        response_url: slack.responseUrl(`act-${interactionSeq}`, user.id),
        actions: [{ type: 'button', action_id: actionId, block_id: button.block_id, value: button.value, text: { type: 'plain_text', text: actionId }, action_ts: '1795390001.123456' }],
      });
    },
    submitView: (view, user, values) =>
      interaction({
        type: 'view_submission',
        team: { id: 'T0001', domain: 'corp' },
        user: { id: user.id, username: user.name, name: user.name, team_id: 'T0001' },
        api_app_id: 'A123456',
        token: 'legacy',
        trigger_id: `trigger-${++interactionSeq}`,
        view: { id: 'V0001', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
      }),
    clickResponse: (response, actionId, user) => {
      const button = response.blocks
        .flatMap((block) => [...(block.type === 'actions' ? (block.elements as Json[]) : []), ...(block.accessory ? [{ ...(block.accessory as Json), block_id: block.block_id ?? 'b' }] : [])])
        .find((element) => element.action_id === actionId);
      if (!button) throw new Error(`no ${actionId} button in response ${response.id}`);
      return interaction({
        type: 'block_actions',
        user: { id: user.id, username: user.name, name: user.name, team_id: 'T0001' },
        api_app_id: 'A123456',
        token: 'legacy',
        container: { type: 'message', message_ts: '1795390000.000001', channel_id: CHANNEL, is_ephemeral: true },
        trigger_id: `trigger-${++interactionSeq}`,
        team: { id: 'T0001', domain: 'corp' },
        channel: { id: CHANNEL, name: 'it-helpdesk' },
        response_url: slack.responseUrl(`act-${interactionSeq}`, user.id),
        actions: [{ type: 'button', action_id: actionId, block_id: String(button.block_id ?? 'b'), value: button.value, text: { type: 'plain_text', text: actionId }, action_ts: '1795390001.123456' }],
      });
    },
    functionExecuted: (callbackId, inputs, ids = {}) => {
      const execution = ids.execution ?? `Fx${++interactionSeq}`;
      const event = {
        type: 'function_executed',
        function: { id: 'Fn0RESEND', callback_id: callbackId, title: 'Resend Okta activation', type: 'app', input_parameters: [], output_parameters: [], app_id: 'A123456', date_created: 1795389000, date_updated: 1795389000, date_deleted: 0 },
        inputs,
        function_execution_id: execution,
        workflow_execution_id: ids.workflowExecution ?? `Wx${interactionSeq}`,
        event_ts: '1795389600.000100',
        bot_access_token: slack.functionToken,
      };
      return postRaw(JSON.stringify({ token: 'legacy', team_id: 'T0001', api_app_id: 'A123456', type: 'event_callback', event_id: `Ev${++interactionSeq}`, event_time: 1795389600, event }), 'application/json');
    },
    async settle() {
      let quiet = 0;
      let seen = -1;
      while (quiet < 3) {
        await surface.drain();
        await new Promise((resolve) => setTimeout(resolve, 25));
        const now = slack.calls.length + rt.sim.calls.length;
        quiet = now === seen ? quiet + 1 : 0;
        seen = now;
      }
    },
    async until(condition, what) {
      for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      assert.ok(condition(), what);
    },
    messagesWithButton: (actionId) => slack.messages.filter((message) => buttonsOf(message).some((button) => button.action_id === actionId)),
    emailsTo: (login) => rt.sim.outbox.filter((email) => email.to.toLowerCase() === login.toLowerCase()).length,
    lifecycleCalls: () => rt.sim.calls.filter((call) => call.path.includes('/lifecycle/')).length,
    async close() {
      await surface.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await slack.close();
      await rt.close();
    },
  };
  return harness;
}

/** All mrkdwn text of a message (text and blocks), for assertions. */
export function textOf(message: PostedMessage): string {
  return `${message.text}\n${JSON.stringify(message.blocks)}`;
}

/** What Okta hands back on a lifecycle call without sendEmail (links and tokens): never to be posted. */
export const LINK_OR_TOKEN = /activationUrl|activationToken|resetPasswordUrl|\/welcome\//;

/**
 * Checked after every test: nothing the bot sent Slack (messages, edits, ephemerals, responses,
 * uploaded CSVs) carries an activation link or token, and every lifecycle call asked Okta to send
 * the email itself (`sendEmail=true`), so there was never a link to leak.
 */
export function assertNoLinkLeaked(h: SlackHarness): void {
  assert.doesNotMatch(h.slack.everythingSaid(), LINK_OR_TOKEN, 'no activation link or token reached Slack');
  const lifecycle = h.rt.sim.calls.filter((call) => call.path.includes('/lifecycle/'));
  for (const call of lifecycle) assert.equal(call.query.sendEmail, 'true', `${call.method} ${call.path} asked Okta to send the email`);
}

export async function withSlack(body: (h: SlackHarness) => Promise<void>, options: HarnessOptions = {}): Promise<void> {
  const harness = await startSlackHarness(options);
  try {
    await body(harness);
    assertNoLinkLeaked(harness);
  } finally {
    await harness.close();
  }
}
