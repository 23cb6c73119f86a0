import { createHmac } from 'node:crypto';
import type { FakeSlackApi, Json, PostedMessage } from '../support/fake-slack-api.ts';

// Slack's side of the wire, signed as Slack signs it: slash commands, button clicks
// (interactivity `payload=`) and Events API callbacks, sent to whichever replica a test names.

export const SIGNING_SECRET = 'e2e-signing-secret-5d1a';
export const D = 'corp.example';
export const CHANNEL = 'C0E2EHELP';
export const DM = 'D0E2EDM01';
export const HELEN = { id: 'U0E2EHELEN', name: 'helen', email: `helen@${D}` };

export interface SlackAnswer {
  readonly status: number;
  readonly body: string;
}

function sign(body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

async function post(botUrl: string, body: string, contentType: string, headers: Record<string, string> = {}): Promise<SlackAnswer> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${botUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp), ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.text() };
}

let seq = 0;

/** `/resend-activation <text>` by Helen in the helpdesk channel; the response_url is the fake's. */
export function command(botUrl: string, slack: FakeSlackApi, text: string): Promise<SlackAnswer> {
  const id = `cmd-${++seq}`;
  const form = new URLSearchParams({
    token: 'legacy', team_id: 'T0001', team_domain: 'corp', channel_id: CHANNEL, channel_name: 'it-helpdesk', user_id: HELEN.id, user_name: HELEN.name,
    command: '/resend-activation', text, api_app_id: 'A123456', is_enterprise_install: 'false', response_url: slack.responseUrl(id, HELEN.id), trigger_id: `trigger-${id}`,
  });
  return post(botUrl, form.toString(), 'application/x-www-form-urlencoded');
}

export function buttonsOf(message: PostedMessage): Array<{ action_id: string; value: string; block_id: string }> {
  return message.blocks.flatMap((block) =>
    block.type === 'actions' ? ((block.elements as Array<{ action_id: string; value: string }> | undefined) ?? []).map((element) => ({ ...element, block_id: String(block.block_id) })) : [],
  );
}

/** The block_actions payload of Helen pressing `actionId` on `message` (the same payload may be sent twice). */
export function clickPayload(slack: FakeSlackApi, message: PostedMessage, actionId: string): string {
  const button = buttonsOf(message).find((candidate) => candidate.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button on message ${message.ts}`);
  const id = `act-${++seq}`;
  const payload: Json = {
    type: 'block_actions',
    user: { id: HELEN.id, username: HELEN.name, name: HELEN.name, team_id: 'T0001' },
    api_app_id: 'A123456',
    token: 'legacy',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: `trigger-${id}`,
    team: { id: 'T0001', domain: 'corp' },
    channel: { id: message.channel, name: 'it-helpdesk' },
    message: { type: 'message', ts: message.ts, ...(message.threadTs ? { thread_ts: message.threadTs } : {}), bot_id: 'BBOT', text: message.text, blocks: message.blocks },
    response_url: slack.responseUrl(id, HELEN.id),
    actions: [{ type: 'button', action_id: actionId, block_id: button.block_id, value: button.value, text: { type: 'plain_text', text: actionId }, action_ts: '1795390001.123456' }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export function interaction(botUrl: string, payload: string): Promise<SlackAnswer> {
  return post(botUrl, payload, 'application/x-www-form-urlencoded');
}

/** An Events API callback; `retryNum` adds Slack's retry headers (a redelivery of the same event). */
export function eventCallback(botUrl: string, body: string, retryNum?: number): Promise<SlackAnswer> {
  const headers: Record<string, string> = retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
  return post(botUrl, body, 'application/json', headers);
}

/** A file shared with the bot in a DM, as Slack's event_callback body (send it as is, again for a retry). */
export function fileShareEvent(slack: FakeSlackApi, name: string, content: string, ts: string): string {
  const bytes = new TextEncoder().encode(content);
  slack.files.set(name, bytes);
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T0001',
    api_app_id: 'A123456',
    type: 'event_callback',
    event_id: `Ev${ts.replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      subtype: 'file_share',
      channel: DM,
      channel_type: 'im',
      user: HELEN.id,
      ts,
      text: 'new hires',
      files: [{ id: `F-${name}`, name, title: name, mimetype: 'text/csv', filetype: 'csv', size: bytes.byteLength, url_private: slack.fileViewUrl(name), url_private_download: slack.fileUrl(name) }],
    },
  });
}
