import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { asRecord, rawCall, sdkClient, withSim } from './helpers.ts';

const USERS: SimulatorSeedUser[] = [
  { id: '00uprovisioned000001', status: 'PROVISIONED', login: 'carol.diaz@corp.example' },
  { id: '00uactive00000000001', status: 'ACTIVE', login: 'frank.moreau@corp.example', hasPassword: true },
];
const GET_USER = '/api/v1/users/00uactive00000000001';
const REACTIVATE = '/api/v1/users/00uprovisioned000001/lifecycle/reactivate?sendEmail=false';

test('over the limit: 429 E0000047, Remaining counts down to 0, Reset = window end', async () => {
  let clock = Date.UTC(2030, 0, 1, 0, 0, 10, 250);
  const nowSeconds = Math.floor(clock / 1000);
  await withSim({ users: USERS, now: () => clock, rateLimits: { lifecycle: { limit: 3, windowSeconds: 1 } } }, async (sim) => {
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await rawCall(sim, 'POST', REACTIVATE);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-rate-limit-limit'), '3');
      assert.equal(res.headers.get('x-rate-limit-reset'), String(nowSeconds + 1));
      remaining.push(res.headers.get('x-rate-limit-remaining'));
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const limited = await rawCall(sim, 'POST', REACTIVATE);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    assert.equal(limited.headers.get('x-rate-limit-reset'), String(nowSeconds + 1));
    assert.ok(Number(limited.headers.get('x-rate-limit-reset')) * 1000 > clock, 'Reset is in the future');
    assert.ok(limited.headers.get('x-okta-request-id'));
    const body = asRecord(limited.json);
    assert.equal(body['errorCode'], 'E0000047');
    assert.equal(body['errorSummary'], 'API call exceeded rate limit due to too many requests.');
    // Other buckets have their own windows.
    assert.equal((await rawCall(sim, 'GET', GET_USER)).status, 200);
    // The next window starts with the first request after this one ended.
    clock = (nowSeconds + 1) * 1000 + 400;
    const fresh = await rawCall(sim, 'POST', REACTIVATE);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers.get('x-rate-limit-remaining'), '2');
    assert.equal(fresh.headers.get('x-rate-limit-reset'), String(nowSeconds + 2));
    assert.equal(sim.count429(), 1);
    const rejected = sim.calls.filter((c) => c.status === 429);
    assert.deepEqual(rejected.map((c) => [c.bucket, c.errorCode]), [['lifecycle', 'E0000047']]);
  });
});

test('setRateLimit changes a bucket and starts a fresh window', async () => {
  await withSim({ users: USERS }, async (sim) => {
    sim.setRateLimit('users-get', { limit: 1, windowSeconds: 30 });
    assert.equal((await rawCall(sim, 'GET', GET_USER)).status, 200);
    const limited = await rawCall(sim, 'GET', GET_USER);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-rate-limit-limit'), '1');
    assert.throws(() => sim.setRateLimit('other', { limit: -1, windowSeconds: 1 }), /limit/);
  });
});

test('the SDK (maxRetries 2) waits for the window to end, retries and succeeds', async () => {
  await withSim({ users: USERS, rateLimits: { 'users-get': { limit: 1, windowSeconds: 1 } } }, async (sim) => {
    const client = sdkClient(sim, 2);
    await client.userApi.getUser({ userId: '00uactive00000000001' });
    const started = Date.now();
    const user = await client.userApi.getUser({ userId: '00uactive00000000001' });
    const waited = Date.now() - started;
    assert.equal(user.id, '00uactive00000000001');
    assert.ok(waited < 3500, `retry took ${waited} ms`);
    const [first, limited, retry] = sim.calls.slice(0, 3);
    assert.equal(first?.status, 200);
    assert.equal(limited?.status, 429);
    assert.equal(retry?.status, 200);
    assert.equal(retry?.retryFor, limited?.requestId);
    // The window started at the first call's whole second and lasts 1 s; the retry came after it.
    const windowEnd = Math.floor((first?.at ?? 0) / 1000) * 1000 + 1000;
    assert.ok((retry?.at ?? 0) >= windowEnd, `retry at ${retry?.at} before window end ${windowEnd}`);
    assert.equal(sim.count429(), 1);
  });
});

test('concurrency limit: the request over it gets 429 at once, with concurrency headers', async () => {
  await withSim({ users: USERS, concurrencyLimit: 1, latencyMs: 300 }, async (sim) => {
    const slow = rawCall(sim, 'GET', GET_USER);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const over = await rawCall(sim, 'GET', GET_USER);
    const elapsed = Date.now() - started;
    const nowSeconds = Math.floor(Date.now() / 1000);
    assert.equal(over.status, 429);
    assert.ok(elapsed < 250, `rejected after ${elapsed} ms`);
    assert.equal(asRecord(over.json)['errorCode'], 'E0000047');
    assert.equal(over.headers.get('x-rate-limit-limit'), '1');
    assert.equal(over.headers.get('x-rate-limit-remaining'), '0');
    const reset = Number(over.headers.get('x-rate-limit-reset'));
    assert.ok(reset === nowSeconds + 1 || reset === nowSeconds, `reset ${reset} vs now ${nowSeconds}`);
    assert.equal((await slow).status, 200);
    // Once the first has finished, a new request gets through.
    assert.equal((await rawCall(sim, 'GET', GET_USER)).status, 200);
    assert.equal(sim.count429(), 1);
  });
});

test('latencyMs delays every response', async () => {
  await withSim({ users: USERS, latencyMs: 150 }, async (sim) => {
    const started = Date.now();
    const res = await rawCall(sim, 'GET', '/api/v1/users/missing', null);
    assert.equal(res.status, 401);
    assert.ok(Date.now() - started >= 140);
  });
});
