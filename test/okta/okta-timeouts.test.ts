import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { requestLimits } from '../../src/okta/okta-client.ts';
import type { LifecycleResult } from '../../src/core/lifecycle.ts';
import { helen, ivan, onlySkipMessage, planned, provisioned, secondsSince, withLimitedRuntime } from './timeout-runtime.ts';

// A slow, hung or far-resetting Okta must never freeze the bot. Real HTTP, through the real SDK,
// against the simulator's fault modes; small limits keep every test to a few seconds. Timing
// assertions are only "answered within the limit, plus a margin".

const MARGIN_S = 2;

/** The HH:MM:SS UTC in a message, as ms today (UTC), to check it is about a minute away, not an hour. */
function msUntilTimeIn(message: string): number {
  const match = /(\d\d):(\d\d):(\d\d) UTC/.exec(message);
  assert.ok(match, `no time in: ${message}`);
  const now = new Date();
  const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), Number(match[1]), Number(match[2]), Number(match[3]));
  // Across midnight UTC the time is tomorrow's.
  return at < now.getTime() - 12 * 3600_000 ? at + 86_400_000 - now.getTime() : at - now.getTime();
}

test('a hung search: the requester is answered within the limit, with a plain message', { timeout: 10_000 }, async () => {
  const users = provisioned(1);
  await withLimitedRuntime({ simulator: { users, faults: [{ kind: 'hang', match: { bucket: 'users-list' } }] }, timeoutSeconds: 1, maxWaitSeconds: 75 }, async (rt) => {
    const started = Date.now();
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: users[0]?.login ?? '' }));
    assert.ok(secondsSince(started) < 1 + MARGIN_S, `answered after ${secondsSince(started)} s`);
    assert.equal(onlySkipMessage(plan), 'Okta did not answer within 1 s.');
    assert.equal(plan.entries[0]?.decision.kind === 'skip' && plan.entries[0].decision.reason, 'lookup_failed');
    assert.equal(rt.sim.hung.length, 1);
  });
});

test('a hung GET of a user throws an Error whose message is plain, within the limit', { timeout: 10_000 }, async () => {
  const users = provisioned(1);
  await withLimitedRuntime({ simulator: { users, faults: [{ kind: 'hang', match: { bucket: 'users-get' } }] }, timeoutSeconds: 0.5, maxWaitSeconds: 75 }, async (rt) => {
    const started = Date.now();
    await assert.rejects(rt.directory.getUser(users[0]?.id ?? ''), (error: Error) => {
      assert.equal(error.message, 'Okta did not answer within 0.5 s.');
      return true;
    });
    assert.ok(secondsSince(started) < 0.5 + MARGIN_S);
  });
});

test('lookups get at most 10 s even with a longer OKTA_TIMEOUT_SECONDS; lifecycle calls get the full limit', () => {
  assert.deepEqual(requestLimits(30, 10), { timeoutMs: 30_000, lookupTimeoutMs: 10_000, maxRetries: 10 });
  assert.deepEqual(requestLimits(0.5, 10), { timeoutMs: 500, lookupTimeoutMs: 500, maxRetries: 10 });
});

test('a hung first request does not stall a second requester’s lookup', { timeout: 10_000 }, async () => {
  const users = provisioned(2);
  // The first search after start-up hangs: it holds the bucket's only probe slot (limit unknown).
  await withLimitedRuntime({ simulator: { users, faults: [{ kind: 'hang', match: { bucket: 'users-list' }, times: 1 }] }, timeoutSeconds: 4, maxWaitSeconds: 75 }, async (rt) => {
    let helenDone = false;
    const helens = rt.service.prepare(helen, { kind: 'text', text: users[0]?.login ?? '' }).then((outcome) => {
      helenDone = true;
      return outcome;
    });
    while (rt.sim.hung.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    const ivans = planned(await rt.service.prepare(ivan, { kind: 'text', text: users[1]?.login ?? '' }));
    assert.ok(secondsSince(started) < 2 + MARGIN_S, `ivan waited ${secondsSince(started)} s behind helen's hung search`);
    assert.equal(helenDone, false, "ivan's lookup finished while helen's still hung");
    assert.equal(ivans.entries[0]?.decision.kind, 'send', 'ivan’s user was found');
    assert.equal(onlySkipMessage(planned(await helens)), 'Okta did not answer within 4 s.');
  });
});

test('a 20-user bulk run whose first lifecycle call hangs: the other 19 are sent, that call comes back as timeout', { timeout: 10_000 }, async () => {
  const users = provisioned(20);
  const hangFirst = { kind: 'hang', match: { bucket: 'lifecycle' }, times: 1 } as const;
  await withLimitedRuntime({ simulator: { users, faults: [hangFirst] }, timeoutSeconds: 1, maxWaitSeconds: 75 }, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: users.map((u) => u.login).join('\n') }));
    assert.equal((await rt.service.confirm(plan.id, helen)).kind, 'confirmed');
    // What the gateway answered for each call (the core's wording for it is not this test's business).
    const answers = new Map<string, LifecycleResult>();
    const runLifecycle = rt.directory.runLifecycle.bind(rt.directory);
    rt.directory.runLifecycle = async (userId, action) => {
      const result = await runLifecycle(userId, action);
      answers.set(userId, result);
      return result;
    };
    const started = Date.now();
    const report = await rt.service.execute(plan, helen);
    assert.ok(secondsSince(started) < 1 + 2 * MARGIN_S, `the run took ${secondsSince(started)} s`);

    assert.equal(rt.sim.hung.length, 1);
    const hungId = /\/users\/([^/]+)\/lifecycle\//.exec(rt.sim.hung[0]?.path ?? '')?.[1];
    const emailed = rt.sim.outbox.map((mail) => mail.userId);
    assert.equal(emailed.length, 19, 'the other 19 were sent');
    assert.equal(new Set(emailed).size, 19, 'nobody emailed twice');
    assert.ok(hungId && !emailed.includes(hungId));
    const lifecycleCallsFor = (id: string) => rt.sim.calls.filter((c) => c.path.includes(`/${id}/lifecycle/`)).length;
    assert.equal(lifecycleCallsFor(hungId), 0, 'the timed-out call was not sent again (a second email)');

    assert.deepEqual(answers.get(hungId), {
      ok: false,
      code: 'timeout',
      errorCode: null,
      summary: 'Okta did not answer the lifecycle call within 1 s: whether the email went out is unknown.',
      requestId: null,
    });
    assert.notEqual(report.results.find((r) => r.userId === hungId)?.outcome, 'sent');
    assert.equal(report.results.filter((r) => r.outcome === 'sent').length, 19);
  });
});

test('runLifecycle on a hung call: { ok: false, code: timeout, errorCode: null, requestId: null }', { timeout: 10_000 }, async () => {
  const users = provisioned(1);
  await withLimitedRuntime({ simulator: { users, faults: [{ kind: 'hang', match: { bucket: 'lifecycle' } }] }, timeoutSeconds: 0.5, maxWaitSeconds: 75 }, async (rt) => {
    const result = await rt.directory.runLifecycle(users[0]?.id ?? '', 'reactivate');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.code, 'timeout');
    assert.equal(result.errorCode, null);
    assert.equal(result.requestId, null);
    assert.match(result.summary, /did not answer the lifecycle call within 0\.5 s/);
  });
});

test('a far-reset 429 does not stall lookups for an hour: the requester is told until when', { timeout: 10_000 }, async () => {
  const users = provisioned(1);
  const farReset = { kind: 'farReset', match: { bucket: 'users-list' } } as const;
  await withLimitedRuntime({ simulator: { users, faults: [farReset] }, timeoutSeconds: 1, maxWaitSeconds: 2 }, async (rt) => {
    const started = Date.now();
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: users[0]?.login ?? '' }));
    assert.ok(secondsSince(started) < MARGIN_S, `answered after ${secondsSince(started)} s`);
    const message = onlySkipMessage(plan);
    assert.match(message, /^Okta's rate limit for user searches is used up until \d\d:\d\d:\d\d UTC\.$/);
    // Okta's windows are per minute: the hour-ahead reset was taken as at most a minute.
    const ahead = msUntilTimeIn(message);
    assert.ok(ahead > 0 && ahead <= 62_000, `told ${ahead} ms ahead`);
    assert.ok(rt.pacer.implausibleResets >= 1);
    assert.equal(rt.sim.calls.filter((c) => c.bucket === 'users-list').length, 1, 'not retried in a loop');
  });
});

test('max wait exceeded in a bulk run: the rest are reported not sent with the reset time, quickly; nobody emailed twice', { timeout: 10_000 }, async () => {
  const users = provisioned(10);
  // Four lifecycle calls a minute: the other six would need to wait ~a minute, over the 1 s allowed.
  await withLimitedRuntime({ simulator: { users, rateLimits: { lifecycle: { limit: 4, windowSeconds: 60 } } }, timeoutSeconds: 1, maxWaitSeconds: 1 }, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: users.map((u) => u.login).join('\n') }));
    assert.equal((await rt.service.confirm(plan.id, helen)).kind, 'confirmed');
    const started = Date.now();
    const report = await rt.service.execute(plan, helen);
    assert.ok(secondsSince(started) < MARGIN_S, `the run took ${secondsSince(started)} s`);

    const emailed = rt.sim.outbox.map((mail) => mail.userId);
    assert.equal(emailed.length, 4);
    assert.equal(new Set(emailed).size, 4, 'nobody emailed twice');
    const notSent = report.results.filter((r) => r.outcome !== 'sent');
    assert.equal(notSent.length, 6);
    for (const result of notSent) {
      assert.equal(result.reason, 'rate_limited');
      assert.match(result.message, /^Okta's rate limit for lifecycle calls is used up until \d\d:\d\d:\d\d UTC; not sent\.$/);
      assert.ok(!emailed.includes(result.userId ?? ''));
    }
    assert.equal(rt.sim.count429(), 0, 'the pacer did not send into the spent window');
  });
});

test('runLifecycle into a far-reset 429 on the lifecycle bucket: rate_limited, not sent, told until when', { timeout: 10_000 }, async () => {
  const users = provisioned(1);
  await withLimitedRuntime({ simulator: { users, faults: [{ kind: 'farReset', match: { bucket: 'lifecycle' } }] }, timeoutSeconds: 1, maxWaitSeconds: 2 }, async (rt) => {
    const started = Date.now();
    const result = await rt.directory.runLifecycle(users[0]?.id ?? '', 'reactivate');
    assert.ok(secondsSince(started) < MARGIN_S);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.code, 'rate_limited');
    assert.match(result.summary, /^Okta's rate limit for lifecycle calls is used up until \d\d:\d\d:\d\d UTC; not sent\.$/);
    assert.ok(msUntilTimeIn(result.summary) <= 62_000);
    assert.equal(rt.sim.outbox.length, 0);
  });
});

test('OAuth mode: a hung token request is limited too, and a lifecycle call behind it is reported as not sent', { timeout: 10_000 }, async () => {
  const users = provisioned(1);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const hangToken = { kind: 'hang', match: { path: '/oauth2/v1/token' } } as const;
  await withLimitedRuntime(
    { simulator: { users, oauthClientId: '0oaBOT', faults: [hangToken] }, timeoutSeconds: 0.5, maxWaitSeconds: 75, auth: { clientId: '0oaBOT', privateKey: pem } },
    async (rt) => {
      const started = Date.now();
      const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: users[0]?.login ?? '' }));
      assert.ok(secondsSince(started) < 0.5 + MARGIN_S);
      assert.equal(onlySkipMessage(plan), 'Okta did not answer within 0.5 s.');
      const result = await rt.directory.runLifecycle(users[0]?.id ?? '', 'reactivate');
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.code, 'unavailable', 'the lifecycle call itself never left: not in doubt');
      assert.match(result.summary, /not sent/);
      assert.equal(rt.sim.outbox.length, 0);
    },
  );
});

