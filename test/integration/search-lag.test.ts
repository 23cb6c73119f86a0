import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Requester } from '../../src/core/requester.ts';
import type { PrepareOutcome } from '../../src/core/resend-service.ts';
import type { Plan } from '../../src/core/plan.ts';
import { MAX_RECHECKS } from '../../src/okta/okta-directory.ts';
import { withSimulatedRuntime, type SimulatedRuntime } from '../support/okta-runtime.ts';

// Okta's search "may lag writes by about a second" (okta-lifecycle.md). The simulator's
// searchLagMs models it; the gateway GETs (always current) what search did not find, and a status
// that search still shows from before is caught by Okta's refusal and the one re-read.

const helen: Requester = { surface: 'slack', userId: 'U2147483697', email: 'helen@corp.example', displayName: 'helen', groupIds: [] };
const D = 'corp.example';

function withLaggingSearch(body: (rt: SimulatedRuntime) => Promise<void>): Promise<void> {
  return withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator: { searchLagMs: 60_000, users: [{ login: `old.hand@${D}`, status: 'PROVISIONED' }] } }, body);
}

function planned(outcome: PrepareOutcome): Plan {
  assert.equal(outcome.kind, 'planned', outcome.kind === 'planned' ? '' : outcome.message);
  return (outcome as Extract<PrepareOutcome, { kind: 'planned' }>).plan;
}

const gets = (rt: SimulatedRuntime) => rt.sim.calls.filter((call) => call.method === 'GET' && call.path.startsWith('/api/v1/users/'));

test('a user created a moment ago, not yet in search, is found by GET and emailed once', async () => {
  await withLaggingSearch(async (rt) => {
    const byLogin = rt.sim.addUser({ login: `new.hire@${D}`, status: 'STAGED' });
    const byId = rt.sim.addUser({ login: `second.hire@${D}`, status: 'PROVISIONED' });
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `New.Hire@${D} ${byId.id} old.hand@${D} nobody@${D}` }));
    assert.deepEqual(
      plan.entries.map((entry) => [entry.identifier.raw, entry.user?.id ?? null, entry.decision.kind === 'send' ? entry.decision.action : entry.decision.reason]),
      [[`New.Hire@${D}`, byLogin.id, 'activate'], [byId.id, byId.id, 'reactivate'], [`old.hand@${D}`, rt.sim.getUser(`old.hand@${D}`)!.id, 'reactivate'], [`nobody@${D}`, null, 'not_found']],
    );
    // Only what search missed is read again: the new hires and the stranger, not old.hand.
    assert.deepEqual(gets(rt).map((call) => call.path).sort(), [`/api/v1/users/${byId.id}`, `/api/v1/users/new.hire%40${D}`, `/api/v1/users/nobody%40${D}`].sort());

    await rt.service.confirm(plan.id, helen);
    const report = await rt.service.execute(plan, helen);
    assert.deepEqual(report.counts, { sent: 3, skipped: 1, failed: 0, inDoubt: 0 });
    assert.deepEqual(rt.sim.outbox.map((mail) => mail.to).sort(), [`new.hire@${D}`, `old.hand@${D}`, `second.hire@${D}`]);
  });
});

test('a status search still shows from before is caught at run time: no email to a user who is active by now', async () => {
  await withLaggingSearch(async (rt) => {
    const user = rt.sim.getUser(`old.hand@${D}`)!;
    rt.sim.setStatus(user.id, 'ACTIVE', { activated: '2026-12-01T00:00:00.000Z' });
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `old.hand@${D}` }));
    assert.equal(plan.entries[0]?.user?.status, 'PROVISIONED', 'search has not seen the activation yet');
    await rt.service.confirm(plan.id, helen);
    const report = await rt.service.execute(plan, helen);
    assert.equal(report.results[0]?.outcome, 'skipped');
    assert.equal(report.results[0]?.statusBefore, 'ACTIVE', 'the re-read by GET is current');
    assert.deepEqual(rt.sim.outbox, []);
  });
});

test(`what search did not find is read again for at most ${MAX_RECHECKS} identifiers a request`, async () => {
  await withLaggingSearch(async (rt) => {
    const strangers = Array.from({ length: MAX_RECHECKS + 10 }, (_, i) => `stranger.${i}@${D}`);
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: strangers.join('\n') }));
    assert.equal(plan.counts.skip, strangers.length);
    assert.ok(plan.entries.every((entry) => entry.decision.kind === 'skip' && entry.decision.reason === 'not_found'));
    assert.equal(gets(rt).length, MAX_RECHECKS);
  });
});
