import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Requester } from '../../src/core/requester.ts';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { ASSUMED_CONCURRENCY_LIMIT, CONCURRENCY_SHARE } from '../../src/okta/lifecycle-concurrency.ts';
import { withSimulatedRuntime, type SimulatedRuntime } from '../support/okta-runtime.ts';

// Issue 15, point 2: calls in flight follow the org's lifecycle rate × Okta's latency, within a
// safe share of Okta's concurrency limit; RESEND_CONCURRENCY is only the upper bound. Counted at
// the gateway (calls in flight at once) and at the simulator (429s); no timing is asserted.

const helen: Requester = { surface: 'slack', userId: 'U2147483697', email: 'helen@corp.example', displayName: 'helen', groupIds: [] };
const D = 'corp.example';

function hires(count: number): SimulatorSeedUser[] {
  return Array.from({ length: count }, (_, i) => ({ login: `hire${String(i).padStart(4, '0')}@${D}`, status: 'PROVISIONED' as const }));
}

/** Runs a resend to every hire and returns the most lifecycle calls that were in flight at once. */
async function resendCountingInFlight(rt: SimulatedRuntime, count: number): Promise<{ peak: number; sent: number }> {
  const directory = rt.directory;
  const original = directory.runLifecycle.bind(directory);
  let inFlight = 0;
  let peak = 0;
  directory.runLifecycle = async (userId, action) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    try {
      return await original(userId, action);
    } finally {
      inFlight -= 1;
    }
  };
  const prepared = await rt.service.prepare(helen, { kind: 'text', text: hires(count).map((u) => u.login).join('\n') });
  assert.equal(prepared.kind, 'planned');
  if (prepared.kind !== 'planned') throw new Error('not planned');
  await rt.service.confirm(prepared.plan.id, helen);
  const report = await rt.service.execute(prepared.plan, helen);
  return { peak, sent: report.counts.sent };
}

test('at a high lifecycle rate with latency, more than 8 calls are in flight, within the safe share of Okta\'s concurrency limit: no 429', async () => {
  const simulator = { users: hires(400), latencyMs: 40, concurrencyLimit: 35, rateLimits: { lifecycle: { limit: 200, windowSeconds: 1 }, 'users-get': { limit: 400, windowSeconds: 1 } } };
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator, settings: { concurrency: 64 } }, async (rt) => {
    const { peak, sent } = await resendCountingInFlight(rt, 400);
    assert.equal(sent, 400);
    assert.ok(peak > 8, `rate × latency asks for more than the old fixed 8: peak ${peak}`);
    assert.ok(peak <= Math.floor(ASSUMED_CONCURRENCY_LIMIT * CONCURRENCY_SHARE), `never over half of the assumed concurrency limit: peak ${peak}`);
    assert.equal(rt.sim.count429(), 0);
  });
});

test('at a low lifecycle rate few calls are in flight, and RESEND_CONCURRENCY stays the upper bound', async () => {
  const simulator = { users: hires(60), latencyMs: 5, rateLimits: { lifecycle: { limit: 600, windowSeconds: 60 } } };
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator, settings: { concurrency: 3 } }, async (rt) => {
    const { peak, sent } = await resendCountingInFlight(rt, 60);
    assert.equal(sent, 60);
    assert.ok(peak <= 3, `bounded by RESEND_CONCURRENCY: peak ${peak}`);
    assert.equal(rt.sim.count429(), 0);
  });
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator, settings: { concurrency: 64 } }, async (rt) => {
    const { peak, sent } = await resendCountingInFlight(rt, 60);
    assert.equal(sent, 60);
    assert.ok(peak <= 8, `10 calls a second at ~10 ms need few in flight: peak ${peak}`);
  });
});

test('a 429 storm still happens below the pool\'s minimum (Okta allowing 2 at once), and every user gets exactly one email', async () => {
  // The pool never goes below 4 (a hung call must not stall a run), so an org that allows 2
  // requests at once answers some with concurrency 429s: the pacer and the retry absorb them.
  const simulator = { users: hires(60), latencyMs: 20, concurrencyLimit: 2, rateLimits: { lifecycle: { limit: 15, windowSeconds: 1 } } };
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator, settings: { concurrency: 12 } }, async (rt) => {
    const { sent } = await resendCountingInFlight(rt, 60);
    assert.ok(rt.sim.count429() > 0, 'the storm happened');
    assert.equal(sent, 60);
    assert.equal(new Set(rt.sim.outbox.map((mail) => mail.to)).size, 60, 'nobody emailed twice');
    assert.equal(rt.sim.outbox.length, 60);
  });
});
