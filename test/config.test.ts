import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.ts';

function problems(env: Record<string, string>, purpose: 'server' | 'cli' = 'server'): string {
  try {
    loadConfig(env, purpose);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  return '';
}

test('no configuration at all is the demo: no Okta, no chat surfaces, defaults applied', () => {
  const config = loadConfig({});
  assert.equal(config.okta, null);
  assert.equal(config.slack, null);
  assert.equal(config.teams, null);
  assert.deepEqual(config.server, { port: 3000, host: '0.0.0.0' });
  assert.deepEqual(config.resend, {
    planTtlSeconds: 900,
    suppressionSeconds: 600,
    concurrency: 32,
    managerMaxUsers: 10,
    managerMaxRequestsPerHour: 5,
    approvalTtlSeconds: 86_400,
    scheduleTime: '08:00',
    followUpSeconds: 86_400,
    activationLinkDays: 7,
    deliveryCheckSeconds: 300,
  });
  assert.deepEqual(config.store, { redisUrl: null, keyPrefix: 'resend-activation:' });
  assert.equal(config.shutdownGraceSeconds, 25);
});

test('durations accept decimals, so outside tests can drive timers in real time; bad values name the variable', () => {
  const config = loadConfig({ FOLLOW_UP_HOURS: '0.01', DELIVERY_CHECK_MINUTES: '0.05', SCHEDULE_TIME: '7:30', SHUTDOWN_GRACE_SECONDS: '4.5' });
  assert.equal(config.resend.followUpSeconds, 36);
  assert.equal(config.resend.deliveryCheckSeconds, 3);
  assert.equal(config.resend.scheduleTime, '07:30');
  assert.equal(config.shutdownGraceSeconds, 4.5);
  assert.throws(() => loadConfig({ SCHEDULE_TIME: '8am' }), /SCHEDULE_TIME/);
  assert.throws(() => loadConfig({ REDIS_URL: 'http://cache:6379' }), /REDIS_URL must start with redis:\/\/ or rediss:\/\//);
  assert.throws(() => loadConfig({ REDIS_URL: 'redis://user:secret@' }), (error: Error) => !error.message.includes('secret'));
});

test('an API token or an OAuth private key configures Okta; the org URL is normalised', () => {
  const token = loadConfig({ OKTA_ORG_URL: 'https://corp.okta.com/', OKTA_API_TOKEN: 't0k' });
  assert.equal(token.okta?.orgUrl, 'https://corp.okta.com');
  assert.equal(token.okta?.auth.kind, 'apiToken');
  const oauth = loadConfig({ OKTA_ORG_URL: 'https://corp.okta.com', OKTA_CLIENT_ID: '0oa1', OKTA_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----', OKTA_KEY_ID: 'kid1' });
  assert.equal(oauth.okta?.auth.kind, 'privateKey');
  assert.match(oauth.okta?.auth.kind === 'privateKey' ? oauth.okta.auth.privateKey : '', /KEY-----\nabc\n-----END/);
});

test('errors name the variable to set', () => {
  assert.match(problems({ OKTA_API_TOKEN: 'x' }), /OKTA_ORG_URL is required/);
  assert.match(problems({ OKTA_ORG_URL: 'https://corp.okta.com' }), /OKTA_API_TOKEN/);
  assert.match(problems({ OKTA_ORG_URL: 'http://corp.okta.com', OKTA_API_TOKEN: 'x' }), /OKTA_ORG_URL must use https/);
  assert.match(problems({ PORT: 'eighty' }), /PORT must be a whole number/);
  assert.match(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }), /HELPDESK_USERS is required/);
  assert.match(problems({ SLACK_BOT_TOKEN: 'xoxb-1', HELPDESK_USERS: 'U0HELPDESK' }), /SLACK_SIGNING_SECRET/);
  assert.match(problems({ MICROSOFT_APP_ID: 'id', HELPDESK_USERS: 'U0HELPDESK' }), /MICROSOFT_APP_PASSWORD/);
});

test('http:// is accepted for loopback org URLs only (tests, the simulator)', () => {
  assert.equal(loadConfig({ OKTA_ORG_URL: 'http://127.0.0.1:8080', OKTA_API_TOKEN: 'x' }).okta?.orgUrl, 'http://127.0.0.1:8080');
  assert.equal(loadConfig({ OKTA_ORG_URL: 'http://localhost:8080', OKTA_API_TOKEN: 'x' }).okta?.orgUrl, 'http://localhost:8080');
  assert.match(problems({ OKTA_ORG_URL: 'http://10.0.0.5', OKTA_API_TOKEN: 'x' }), /https/);
});

test('Teams without an app id needs TEAMS_ALLOW_UNAUTHENTICATED=true and a loopback HOST', () => {
  assert.match(problems({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HELPDESK_USERS: 'U0HELPDESK' }), /loopback/);
  const local = loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HOST: '127.0.0.1', HELPDESK_USERS: 'U0HELPDESK' });
  assert.equal(local.teams?.appId, null);
});

test('the command line ignores chat variables it does not use', () => {
  assert.doesNotThrow(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', OKTA_ORG_URL: 'https://corp.okta.com', OKTA_API_TOKEN: 'x' }, 'cli'));
});

test('role lists are validated: each entry must be a Slack id, a group id, a GUID or an email', () => {
  const config = loadConfig({ HELPDESK_USERS: 'U024BE7LH, S0614TZR7', APPROVER_USERS: '11111111-1111-4111-8111-111111111111', ADMIN_USERS: 'boss@corp.example' });
  assert.deepEqual(config.roles, { helpdesk: ['U024BE7LH', 'S0614TZR7'], approvers: ['11111111-1111-4111-8111-111111111111'], admins: ['boss@corp.example'] });
  assert.match(problems({ ADMIN_USERS: 'bob' }), /ADMIN_USERS has "bob"/);
  // Words and short or lower-case "ids" would match nobody (or the wrong thing) silently: refused.
  for (const entry of ['support', 'sales', 'www', 'Uabc', 's0614tzr7', 'S12345', 'console:anyone']) {
    assert.match(problems({ HELPDESK_USERS: entry }), new RegExp(`HELPDESK_USERS has "${entry}"`), entry);
  }
});

test('Teams with an app id needs the tenant (who may use the bot), and a managed identity takes no password', () => {
  const base = { HELPDESK_USERS: 'U0HELPDESK', MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001' };
  assert.match(problems({ ...base, MICROSOFT_APP_PASSWORD: 'p' }), /MICROSOFT_APP_TENANT_ID is required with MICROSOFT_APP_ID/);
  assert.match(problems({ ...base, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TENANT_ID: 't' }), /MICROSOFT_APP_PASSWORD must not be set/);
  const ok = loadConfig({ ...base, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TENANT_ID: '11111111-1111-4111-8111-111111111111', MICROSOFT_APP_TYPE: 'SingleTenant' });
  assert.equal(ok.teams?.tenantId, '11111111-1111-4111-8111-111111111111');
  assert.doesNotThrow(() => loadConfig({ ...base, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't' }));
  const unset = loadConfig({ ...base, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TENANT_ID: '11111111-1111-4111-8111-111111111111' });
  assert.equal(unset.teams?.appType, 'SingleTenant', 'new Azure bots are single-tenant: that is the default');
});
