import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createOktaConnection, type OktaAuth } from '../../src/okta/okta-client.ts';
import { OktaDirectory } from '../../src/okta/okta-directory.ts';
import { bucketFor } from '../../src/okta/rate-limit-pacer.ts';
import { startOktaSimulator, type OktaSimulator, type SimulatorOptions, type SimulatorSeedUser } from '../../src/okta-simulator/index.ts';

// OktaDirectory.lifecycleLogged and readLogs: the real SDK over HTTP against the simulator's
// System Log, through the gateway's paced and time-limited executor.

const CLIENT_ID = '0oaresendbot00000001';
const USERS: SimulatorSeedUser[] = [
  { id: '00uprov0000000000001', status: 'PROVISIONED', login: 'carol.diaz@corp.example' },
  { id: '00uprov0000000000002', status: 'PROVISIONED', login: 'dan.wu@corp.example' },
  { id: '00uactive00000000001', status: 'ACTIVE', login: 'frank.moreau@corp.example', hasPassword: true },
];
const MARGIN_S = 2;

interface Setup {
  readonly simulator?: SimulatorOptions;
  readonly oauth?: boolean;
  readonly timeoutSeconds?: number;
  readonly maxWaitSeconds?: number;
}

async function withDirectory(setup: Setup, body: (directory: OktaDirectory, sim: OktaSimulator) => Promise<void>): Promise<void> {
  const sim = await startOktaSimulator({ users: USERS, ...(setup.oauth ? { oauthClientId: CLIENT_ID } : {}), ...setup.simulator });
  try {
    const auth: OktaAuth = setup.oauth
      ? { kind: 'privateKey', clientId: CLIENT_ID, privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), keyId: 'kid-1' }
      : { kind: 'apiToken', token: sim.apiToken };
    const { client } = createOktaConnection({ orgUrl: sim.url, auth, rateLimitReserve: 0, timeoutSeconds: setup.timeoutSeconds ?? 5, maxWaitSeconds: setup.maxWaitSeconds ?? 10 });
    // Constructed as the runtime does: the directory finds the connection's log reader by itself.
    await body(new OktaDirectory(client), sim);
  } finally {
    await sim.close();
  }
}

const logCalls = (sim: OktaSimulator) => sim.calls.filter((c) => c.path === '/api/v1/logs');
const tokenCalls = (sim: OktaSimulator) => sim.calls.filter((c) => c.path === '/oauth2/v1/token');

test('lifecycleLogged: logged for a reactivate that happened, not_logged for one that did not; one request each', async () => {
  await withDirectory({}, async (directory, sim) => {
    const before = Date.now() - 60_000;
    assert.deepEqual(await directory.runLifecycle('00uprov0000000000001', 'reactivate'), { ok: true, requestId: sim.calls.at(-1)?.requestId ?? null });
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', before), 'logged');
    assert.equal(await directory.lifecycleLogged('00uprov0000000000002', 'reactivate', before), 'not_logged', 'another user');
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'activate', before), 'not_logged', 'another action');
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', Date.now() + 60_000), 'not_logged', 'before since');
    assert.equal(logCalls(sim).length, 4);
    assert.deepEqual(logCalls(sim)[0]?.query['filter'], 'eventType eq "user.lifecycle.reactivate" and target.id eq "00uprov0000000000001"');
    assert.ok(logCalls(sim).every((c) => c.status === 200 && c.bucket === 'logs'));
  });
});

test('lifecycleLogged: a password reset is found as user.account.reset_password', async () => {
  await withDirectory({}, async (directory) => {
    const before = Date.now() - 60_000;
    assert.equal((await directory.runLifecycle('00uactive00000000001', 'reset_password')).ok, true);
    assert.equal(await directory.lifecycleLogged('00uactive00000000001', 'reset_password', before), 'logged');
  });
});

test('lifecycleLogged: unknown when the token’s admin may not read logs (403 E0000006), remembered for a while', async () => {
  await withDirectory({ simulator: { logsForbidden: true } }, async (directory, sim) => {
    await directory.runLifecycle('00uprov0000000000001', 'reactivate');
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', Date.now() - 60_000), 'unknown');
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', Date.now() - 60_000), 'unknown');
    assert.equal(logCalls(sim).length, 1, 'the refusal is remembered: the small logs bucket is not spent on it again');
    const read = await directory.readLogs({ since: Date.now() - 60_000 });
    assert.equal(read.ok, false);
    assert.equal(!read.ok && read.reason, 'not_permitted');
  });
});

test('OAuth: an app without okta.logs.read still resends; its log token request fails alone and the answer is unknown', { timeout: 20_000 }, async () => {
  await withDirectory({ oauth: true, simulator: { oauthGrantedScopes: ['okta.users.read', 'okta.users.manage'] } }, async (directory, sim) => {
    assert.equal((await directory.runLifecycle('00uprov0000000000001', 'reactivate')).ok, true);
    assert.equal(sim.outbox.length, 1);
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', Date.now() - 60_000), 'unknown');
    assert.ok(tokenCalls(sim).some((c) => c.status === 400 && c.errorCode === 'invalid_scope'), 'the logs token asked for okta.logs.read and was refused');
    assert.equal(logCalls(sim).length, 0);
    const tokens = tokenCalls(sim).length;
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', Date.now() - 60_000), 'unknown');
    assert.equal(tokenCalls(sim).length, tokens, 'not asked again for a while');
    // The main client is untouched by the failed logs token.
    assert.equal((await directory.runLifecycle('00uprov0000000000002', 'reactivate')).ok, true);
  });
});

test('OAuth: an app granted okta.logs.read reads the log with a token of its own', { timeout: 20_000 }, async () => {
  await withDirectory({ oauth: true, simulator: { oauthGrantedScopes: ['okta.users.read', 'okta.users.manage', 'okta.logs.read'] } }, async (directory, sim) => {
    assert.equal((await directory.runLifecycle('00uprov0000000000001', 'reactivate')).ok, true);
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', Date.now() - 60_000), 'logged');
    assert.deepEqual(tokenCalls(sim).map((c) => c.status), [200, 200], 'one token for users, one for logs');
    assert.equal(logCalls(sim)[0]?.status, 200);
  });
});

test('lifecycleLogged: unknown within the time limit when the logs endpoint hangs; not remembered', { timeout: 10_000 }, async () => {
  await withDirectory({ timeoutSeconds: 0.5, simulator: { faults: [{ kind: 'hang', match: { bucket: 'logs' }, times: 1 }] } }, async (directory, sim) => {
    await directory.runLifecycle('00uprov0000000000001', 'reactivate');
    const started = Date.now();
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', Date.now() - 60_000), 'unknown');
    assert.ok((Date.now() - started) / 1000 < 0.5 + MARGIN_S);
    assert.equal(sim.hung.length, 1);
    const read = await directory.readLogs({ since: Date.now() - 60_000 });
    assert.equal(read.ok, true, 'a timeout is not a refusal: the next read goes out');
    assert.equal(await directory.lifecycleLogged('00uprov0000000000001', 'reactivate', Date.now() - 60_000), 'logged');
  });
});

test('readLogs: follows next links across 3 pages, as plain events; capped by maxPages', { timeout: 10_000 }, async () => {
  await withDirectory({ simulator: { emailCooldownMs: 0 } }, async (directory, sim) => {
    const since = Date.now() - 60_000;
    for (let i = 0; i < 25; i += 1) await directory.runLifecycle('00uprov0000000000001', 'reactivate');
    const filter = 'eventType eq "system.email.delivery"';
    const read = await directory.readLogs({ since, filter, limit: 10 });
    assert.equal(read.ok, true);
    if (!read.ok) return;
    assert.equal(read.events.length, 25);
    assert.equal(read.truncated, false);
    assert.equal(logCalls(sim).length, 3);
    assert.equal(read.requestIds.length, 3);
    const first = read.events[0];
    assert.equal(first?.eventType, 'system.email.delivery');
    assert.equal(typeof first?.published, 'string');
    assert.deepEqual(first?.outcome, { result: 'SUCCESS', reason: null });
    assert.equal(first?.debugData['ProviderMessage'], '250 2.0.0 OK');
    assert.equal(first?.target[0]?.id, '00uprov0000000000001');
    assert.equal(new Set(read.events.map((e) => e.uuid)).size, 25);

    const bounded = await directory.readLogs({ since, until: Date.now() + 1000, filter, limit: 10 });
    assert.equal(bounded.ok && bounded.events.length, 25);
    const capped = await directory.readLogs({ since, filter, limit: 10, maxPages: 2 });
    assert.equal(capped.ok && capped.events.length, 20);
    assert.equal(capped.ok && capped.truncated, true);
  });
});

test('the logs bucket is paced: a tiny limit never reaches the caller as a 429', { timeout: 20_000 }, async () => {
  assert.equal(bucketFor('GET', 'https://o.okta.com/api/v1/logs?since=x&after=1'), 'logs');
  await withDirectory({ simulator: { rateLimits: { logs: { limit: 2, windowSeconds: 1 } } } }, async (directory, sim) => {
    await directory.runLifecycle('00uprov0000000000001', 'reactivate');
    const since = Date.now() - 60_000;
    const verdicts = await Promise.all(Array.from({ length: 6 }, () => directory.lifecycleLogged('00uprov0000000000001', 'reactivate', since)));
    assert.deepEqual(verdicts, Array(6).fill('logged'));
    assert.equal(sim.count429(), 0);
    assert.equal(logCalls(sim).length, 6);
  });
});

test('a refused token request is reported as such, and no API call goes out with "Bearer undefined" (SDK 8.1 bug)', { timeout: 20_000 }, async () => {
  await withDirectory({ oauth: true, simulator: { oauthGrantedScopes: ['okta.users.read'] } }, async (directory, sim) => {
    const result = await directory.runLifecycle('00uprov0000000000001', 'reactivate');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.errorCode, 'invalid_scope');
    assert.match(!result.ok ? result.summary : '', /okta\.users\.manage/);
    assert.ok(sim.calls.every((c) => c.path === '/oauth2/v1/token'), 'only token requests were made');
    assert.deepEqual(sim.outbox, []);
  });
});
