import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../src/slack/handlers/command.ts';
import { MESSAGE_SHORTCUT } from '../../src/slack/handlers/message-shortcut.ts';
import { WORKFLOW_STEP } from '../../src/slack/workflow-step-access.ts';

// The Slack app manifest must agree with the code: the command and shortcut it registers, the
// scopes every Web API call needs, the events the file flow listens to, and the one route.

interface Manifest {
  features: {
    app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    slash_commands: Array<{ command: string; url: string }>;
    shortcuts: Array<{ type: string; callback_id: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string }; org_deploy_enabled: boolean };
  functions: Record<string, { title: string; input_parameters: Record<string, { type: string; is_required: boolean }>; output_parameters: Record<string, { type: string }> }>;
}

const manifest = parse(readFileSync(new URL('../../manifests/slack.yaml', import.meta.url), 'utf8')) as Manifest;

test('the manifest declares the command and the message shortcut the code handles, all on /slack/events', () => {
  assert.deepEqual(manifest.features.slash_commands.map((c) => c.command), [SLASH_COMMAND]);
  assert.deepEqual(manifest.features.shortcuts.map((s) => [s.type, s.callback_id]), [['message', MESSAGE_SHORTCUT]]);
  const urls = [...manifest.features.slash_commands.map((c) => c.url), manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
  for (const url of urls) assert.match(url, /^https:\/\/[^/]+\/slack\/events$/);
  assert.equal(manifest.settings.interactivity.is_enabled, true);
});

test('the manifest asks for every scope the bot uses, and the events of the file flow', () => {
  const needed = ['commands', 'chat:write', 'files:read', 'files:write', 'users:read', 'users:read.email', 'usergroups:read', 'im:write', 'im:history', 'channels:history', 'groups:history', 'mpim:history'];
  assert.deepEqual([...manifest.oauth_config.scopes.bot].sort(), [...needed].sort());
  assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), ['function_executed', 'message.channels', 'message.groups', 'message.im', 'message.mpim']);
  assert.equal(manifest.features.app_home.messages_tab_enabled && !manifest.features.app_home.messages_tab_read_only_enabled, true, 'people can DM files to the bot');
});

test('the manifest declares the Workflow Builder step the code handles, with its inputs and outputs, on an org-ready app', () => {
  assert.deepEqual(Object.keys(manifest.functions), [WORKFLOW_STEP]);
  const step = manifest.functions[WORKFLOW_STEP]!;
  assert.equal(step.title, 'Resend Okta activation');
  assert.deepEqual(Object.entries(step.input_parameters).map(([name, p]) => [name, p.type, p.is_required]), [['emails', 'string', true], ['send_at', 'slack#/types/timestamp', false]]);
  assert.deepEqual(Object.entries(step.output_parameters).map(([name, p]) => [name, p.type]), [['sent', 'integer'], ['skipped', 'integer'], ['failed', 'integer'], ['summary', 'string']]);
  assert.equal(manifest.settings.org_deploy_enabled, true, 'custom steps need an org-ready app');
});
