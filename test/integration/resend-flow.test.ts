import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Requester } from '../../src/core/requester.ts';
import type { PrepareOutcome } from '../../src/core/resend-service.ts';
import type { Plan } from '../../src/core/plan.ts';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { withSimulatedRuntime, type startSimulatedRuntime, type SimulatedRuntime } from '../support/okta-runtime.ts';

// The real core and gateway, through @okta/okta-sdk-nodejs over HTTP, against the Okta simulator.
// Assertions read what reached "Okta": the simulator's outbox and call log.

const helen: Requester = { surface: 'slack', userId: 'U2147483697', email: 'helen@corp.example', displayName: 'helen', groupIds: [] };
const D = 'corp.example';
const seed = (login: string, status: SimulatorSeedUser['status'], extra: Partial<SimulatorSeedUser> = {}): SimulatorSeedUser => ({
  login: `${login}@${D}`,
  status,
  firstName: login,
  lastName: 'Test',
  ...extra,
});

const EVERY_STATUS: SimulatorSeedUser[] = [
  seed('staged', 'STAGED'),
  seed('staged.pw', 'STAGED', { hasPassword: true }),
  seed('provisioned', 'PROVISIONED'),
  seed('recovery.new', 'RECOVERY', { activated: null }),
  seed('recovery.old', 'RECOVERY', { activated: '2026-01-02T03:04:05.000Z', hasPassword: true }),
  seed('active', 'ACTIVE', { activated: '2026-01-02T03:04:05.000Z', hasPassword: true }),
  seed('expired', 'PASSWORD_EXPIRED', { activated: '2026-01-02T03:04:05.000Z', hasPassword: true }),
  seed('locked', 'LOCKED_OUT', { activated: '2026-01-02T03:04:05.000Z', hasPassword: true }),
  seed('suspended', 'SUSPENDED', { activated: '2026-01-02T03:04:05.000Z' }),
  seed('gone', 'DEPROVISIONED', { activated: '2026-01-02T03:04:05.000Z' }),
  seed('moving', 'PROVISIONED', { transitioningToStatus: 'ACTIVE' }),
];

async function withRuntime(users: SimulatorSeedUser[], body: (rt: SimulatedRuntime) => Promise<void>, extra: Parameters<typeof startSimulatedRuntime>[0] = {}) {
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], ...extra, simulator: { users, ...extra.simulator } }, body);
}

function planned(outcome: PrepareOutcome): Plan {
  assert.equal(outcome.kind, 'planned', outcome.kind === 'planned' ? '' : outcome.message);
  return (outcome as Extract<PrepareOutcome, { kind: 'planned' }>).plan;
}

async function confirmAndRun(rt: SimulatedRuntime, plan: Plan) {
  const confirmed = await rt.service.confirm(plan.id, helen);
  assert.equal(confirmed.kind, 'confirmed');
  return rt.service.execute(plan, helen);
}

const lifecycleCalls = (rt: SimulatedRuntime) => rt.sim.calls.filter((call) => call.path.includes('/lifecycle/'));

test('every policy row, end to end: the right endpoint, sendEmail=true, and email only where the table says', async () => {
  await withRuntime(EVERY_STATUS, async (rt) => {
    const text = EVERY_STATUS.map((user) => user.login).join(', ');
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text }));
    const report = await confirmAndRun(rt, plan);
    const outcome = (login: string) => report.results.find((r) => r.login === `${login}@${D}`);

    assert.equal(outcome('staged')?.action, 'activate');
    assert.equal(outcome('staged')?.outcome, 'sent');
    assert.equal(outcome('staged.pw')?.action, 'activate');
    assert.match(outcome('staged.pw')?.hint ?? '', /ACTIVE/);
    assert.equal(outcome('provisioned')?.action, 'reactivate');
    assert.equal(outcome('recovery.new')?.action, 'reactivate');
    for (const [login, reason] of [
      ['recovery.old', 'password_reset_pending'],
      ['active', 'already_active'],
      ['expired', 'already_active'],
      ['locked', 'locked_out'],
      ['suspended', 'suspended'],
      ['gone', 'deprovisioned'],
      ['moving', 'transitioning'],
    ] as const) {
      assert.equal(outcome(login)?.outcome, 'skipped', login);
      assert.equal(outcome(login)?.reason, reason, login);
    }

    const calls = lifecycleCalls(rt);
    assert.equal(calls.length, 4, 'one lifecycle call per sendable user, none for the others');
    for (const call of calls) assert.equal(call.query['sendEmail'], 'true', `${call.path} must pass sendEmail=true`);
    assert.deepEqual(
      rt.sim.outbox.map((mail) => mail.to).sort(),
      [`provisioned@${D}`, `recovery.new@${D}`, `staged.pw@${D}`, `staged@${D}`],
    );
    assert.equal(rt.sim.getUser(`staged@${D}`)?.status, 'PROVISIONED', 'a STAGED user without password waits in PROVISIONED');
    assert.equal(rt.sim.getUser(`staged.pw@${D}`)?.status, 'ACTIVE');
    assert.deepEqual(report.counts, { sent: 4, skipped: 7, failed: 0, inDoubt: 0 });
    assert.ok(report.results.filter((r) => r.outcome === 'sent').every((r) => r.requestId), 'X-Okta-Request-Id kept with each call');
  });
});

test('duplicates across case, login and Okta id send one email', async () => {
  await withRuntime([seed('provisioned', 'PROVISIONED')], async (rt) => {
    const id = rt.sim.getUser(`provisioned@${D}`)?.id ?? '';
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D} PROVISIONED@CORP.EXAMPLE ${id}` }));
    assert.equal(plan.counts.duplicates, 1);
    assert.equal(plan.counts.send, 1);
    await confirmAndRun(rt, plan);
    assert.equal(rt.sim.outbox.length, 1);
  });
});

test('an address that is one user\'s login and another user\'s email is ambiguous too; a user whose login is their email is one match', async () => {
  const users = [
    seed('sam.taylor', 'PROVISIONED'),
    seed('sam.taylor.ext', 'STAGED', { email: `sam.taylor@${D}` }),
    seed('solo', 'PROVISIONED'),
  ];
  await withRuntime(users, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `sam.taylor@${D} solo@${D}` }));
    const [shared, solo] = plan.entries;
    assert.equal(shared?.decision.kind === 'skip' && shared.decision.reason, 'ambiguous');
    assert.deepEqual(shared?.matches.map((u) => u.login).sort(), [`sam.taylor.ext@${D}`, `sam.taylor@${D}`]);
    assert.equal(solo?.decision.kind === 'send' && solo.decision.action, 'reactivate');
    assert.equal(solo?.matches.length, 1);
  });
});

test('an email shared by two users is ambiguous and gets no call; an unknown user is not found', async () => {
  const users = [
    seed('sam.lee', 'PROVISIONED', { email: `team@${D}` }),
    seed('sam.lee2', 'PROVISIONED', { email: `team@${D}` }),
  ];
  await withRuntime(users, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `team@${D} nobody@${D}` }));
    const [ambiguous, missing] = plan.entries;
    assert.equal(ambiguous?.decision.kind === 'skip' && ambiguous.decision.reason, 'ambiguous');
    assert.equal(ambiguous?.matches.length, 2);
    assert.equal(missing?.decision.kind === 'skip' && missing.decision.reason, 'not_found');
    await confirmAndRun(rt, plan).catch(() => undefined);
    assert.equal(lifecycleCalls(rt).length, 0);
    assert.equal(rt.sim.outbox.length, 0);
  });
});

test('a user named by email (not login) is found through profile.email', async () => {
  await withRuntime([seed('jdoe', 'PROVISIONED', { email: `john.doe@${D}` })], async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `John.Doe@${D}` }));
    assert.equal(plan.counts.send, 1);
  });
});

test('a status that changed since the plan: each user is read again before the call, and the table applies to what Okta says now', async () => {
  const users = [
    seed('became.active', 'PROVISIONED'),
    seed('became.staged', 'PROVISIONED'),
    // Okta itself would accept these calls: activate restores a DEPROVISIONED account, and
    // reactivate works on a RECOVERY user who had activated. Only reading first stops them.
    seed('then.deactivated', 'STAGED'),
    seed('then.recovering', 'PROVISIONED'),
  ];
  await withRuntime(users, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: users.map((u) => u.login).join(' ') }));
    assert.deepEqual(plan.entries.map((e) => (e.decision.kind === 'send' ? e.decision.action : e.decision.reason)), ['reactivate', 'reactivate', 'activate', 'reactivate']);
    const id = (login: string) => rt.sim.getUser(`${login}@${D}`)?.id ?? '';
    rt.sim.setStatus(id('became.active'), 'ACTIVE', { activated: '2026-11-20T00:00:00.000Z' });
    rt.sim.setStatus(id('became.staged'), 'STAGED');
    rt.sim.setStatus(id('then.deactivated'), 'DEPROVISIONED');
    rt.sim.setStatus(id('then.recovering'), 'RECOVERY', { activated: '2026-11-20T00:00:00.000Z' });
    const report = await confirmAndRun(rt, plan);
    assert.deepEqual(
      report.results.map((r) => [r.login, r.outcome, r.reason, r.statusBefore, r.action]),
      [
        [`became.active@${D}`, 'skipped', 'already_active', 'ACTIVE', null],
        [`became.staged@${D}`, 'sent', null, 'STAGED', 'activate'],
        [`then.deactivated@${D}`, 'skipped', 'deprovisioned', 'DEPROVISIONED', null],
        [`then.recovering@${D}`, 'skipped', 'password_reset_pending', 'RECOVERY', null],
      ],
    );
    assert.match(report.results[2]?.message ?? '', /^Changed in Okta since the plan: /);
    assert.deepEqual(lifecycleCalls(rt).map((call) => call.path.split('/').pop()), ['activate'], 'the endpoint for the status now, and no call for the others');
    assert.deepEqual(rt.sim.outbox.map((mail) => mail.to), [`became.staged@${D}`]);
    assert.equal(rt.sim.getUser(id('then.deactivated'))?.status, 'DEPROVISIONED', 'the deactivated account stays deactivated');
  });
});

test('a status that moves between the read and the call: Okta refuses, the user is read once more and planned again, never a loop', async () => {
  const users = [seed('became.active', 'PROVISIONED'), seed('became.staged', 'PROVISIONED')];
  await withRuntime(users, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `became.active@${D} became.staged@${D}` }));
    const activeId = rt.sim.getUser(`became.active@${D}`)?.id ?? '';
    const stagedId = rt.sim.getUser(`became.staged@${D}`)?.id ?? '';
    // Right after the bot's first read of each user, before its lifecycle call.
    const moved = new Set<string>();
    rt.sim.afterCall((call) => {
      for (const [userId, move] of [[activeId, () => rt.sim.setStatus(activeId, 'ACTIVE', { activated: '2026-11-20T00:00:00.000Z' })], [stagedId, () => rt.sim.setStatus(stagedId, 'STAGED')]] as const) {
        if (call.method === 'GET' && call.path === `/api/v1/users/${userId}` && !moved.has(userId)) {
          moved.add(userId);
          move();
        }
      }
    });
    const report = await confirmAndRun(rt, plan);
    const [active, staged] = report.results;
    assert.deepEqual([active?.outcome, active?.reason, active?.statusBefore], ['skipped', 'already_active', 'ACTIVE']);
    assert.ok(active?.requestId, 'the refused call is kept in the record');
    assert.deepEqual([staged?.outcome, staged?.action], ['sent', 'activate'], 'the second attempt uses the endpoint for the fresh status');
    const calls = lifecycleCalls(rt).map((call) => call.path.split('/').pop());
    assert.deepEqual(calls.sort(), ['activate', 'reactivate', 'reactivate'], 'one refused call each, one retry for the one that can still be sent; never a loop');
    assert.equal(rt.sim.outbox.length, 1);
  });
});

test('confirming twice, or two plans racing on one person, sends one email', async () => {
  await withRuntime([seed('provisioned', 'PROVISIONED')], async (rt) => {
    const first = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D}` }));
    const second = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D}` }));
    const [a, b] = await Promise.all([rt.service.confirm(first.id, helen), rt.service.confirm(first.id, helen)]);
    assert.deepEqual([a.kind, b.kind].sort(), ['already_confirmed', 'confirmed']);
    const [r1, r2] = await Promise.all([rt.service.execute(first, helen), (async () => {
      await rt.service.confirm(second.id, helen);
      return rt.service.execute(second, helen);
    })()]);
    assert.deepEqual([r1.results[0]?.outcome, r2.results[0]?.outcome].sort(), ['sent', 'skipped']);
    const skippedResult = [r1, r2].flatMap((r) => r.results).find((r) => r.outcome === 'skipped');
    assert.equal(skippedResult?.reason, 'recently_sent');
    assert.equal(skippedResult?.action, null, 'our own suppression window stopped it: Okta was never asked');
    assert.equal(lifecycleCalls(rt).length, 1);
    assert.equal(rt.sim.outbox.length, 1);
  }, { simulator: { emailCooldownMs: 0 } });
});

test('the suppression window alone stops a second email (Okta\'s own 5 s cooldown off), and a window of 0 turns it off', async () => {
  await withRuntime([seed('provisioned', 'PROVISIONED')], async (rt) => {
    for (let i = 0; i < 2; i++) {
      const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D}` }));
      await confirmAndRun(rt, plan);
    }
    assert.equal(rt.sim.outbox.length, 1);
    assert.equal(lifecycleCalls(rt).length, 1);
  }, { simulator: { emailCooldownMs: 0 } });
  await withRuntime([seed('provisioned', 'PROVISIONED')], async (rt) => {
    for (let i = 0; i < 2; i++) {
      const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D}` }));
      await confirmAndRun(rt, plan);
    }
    assert.equal(rt.sim.outbox.length, 2, 'SUPPRESSION_MINUTES=0: no window at all (node-cache would have read 0 as forever)');
  }, { simulator: { emailCooldownMs: 0 }, settings: { suppressionSeconds: 0 } });
});

test('a paced bulk run stays under the lifecycle limit: no 429 at all, everyone emailed once', async () => {
  const users = Array.from({ length: 45 }, (_, i) => seed(`paced${String(i).padStart(3, '0')}`, 'PROVISIONED'));
  await withRuntime(users, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: users.map((u) => u.login).join('\n') }));
    const report = await confirmAndRun(rt, plan);
    assert.equal(report.counts.sent, 45);
    assert.equal(rt.sim.count429(), 0, 'the pacer read the X-Rate-Limit headers and waited for each window');
    assert.equal(new Set(rt.sim.outbox.map((mail) => mail.to)).size, 45);
  }, { simulator: { rateLimits: { lifecycle: { limit: 20, windowSeconds: 1 } }, latencyMs: 5 }, settings: { concurrency: 8 } });
});

test('the SDK cache is off: a second read of a user sees the status Okta has now', async () => {
  await withRuntime([seed('provisioned', 'PROVISIONED')], async (rt) => {
    const id = rt.sim.getUser(`provisioned@${D}`)?.id ?? '';
    assert.equal((await rt.directory.getUser(id))?.status, 'PROVISIONED');
    rt.sim.setStatus(id, 'ACTIVE', { activated: '2026-11-30T00:00:00.000Z' });
    assert.equal((await rt.directory.getUser(id))?.status, 'ACTIVE');
  });
});

test('only the requester confirms; an expired plan does not run; a refused requester costs no Okta call', async () => {
  let now = Date.now();
  await withRuntime([seed('provisioned', 'PROVISIONED')], async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D}` }));
    const mallory: Requester = { ...helen, userId: 'U0MALLORY', displayName: 'mallory' };
    assert.equal((await rt.service.confirm(plan.id, mallory)).kind, 'not_yours');
    now += 16 * 60 * 1000;
    assert.equal((await rt.service.confirm(plan.id, helen)).kind, 'expired');
    const callsBefore = rt.sim.calls.length;
    const anonymous: Requester = { ...mallory, email: null };
    assert.equal((await rt.service.prepare(anonymous, { kind: 'text', text: `provisioned@${D}` })).kind, 'refused');
    assert.equal(rt.sim.calls.length, callsBefore, 'no Okta call for a refused requester');
    assert.equal(rt.sim.outbox.length, 0);
  }, { now: () => now });
});

test('bad input gets a clear message and no Okta call', async () => {
  await withRuntime([seed('provisioned', 'PROVISIONED')], async (rt) => {
    const binary = await rt.service.prepare(helen, { kind: 'file', name: 'hires.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]) });
    assert.equal(binary.kind, 'invalid');
    const malformed = await rt.service.prepare(helen, { kind: 'text', text: 'alice@ bob@@corp' });
    assert.equal(malformed.kind, 'nothing');
    assert.equal(rt.sim.calls.length, 0);
  });
});

test('a 429 storm: pacing plus the SDK backstop still gives every user exactly one email', async () => {
  const users = Array.from({ length: 60 }, (_, i) => seed(`hire${String(i).padStart(3, '0')}`, 'PROVISIONED'));
  await withRuntime(users, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: users.map((u) => u.login).join('\n') }));
    // At least four in flight (the pool never goes lower, so one hung call cannot stall a run)
    // against a concurrency limit of two, with latency: 429s are certain.
    const report = await confirmAndRun(rt, plan);
    assert.ok(rt.sim.count429() > 0, 'the storm happened');
    assert.equal(report.counts.sent, 60);
    assert.equal(rt.sim.outbox.length, 60);
    assert.equal(new Set(rt.sim.outbox.map((mail) => mail.to)).size, 60, 'nobody emailed twice');
  }, { simulator: { rateLimits: { lifecycle: { limit: 15, windowSeconds: 1 } }, concurrencyLimit: 2, latencyMs: 20 }, settings: { concurrency: 12 } });
});

test('E0000118 (an email went out seconds ago, e.g. from the admin console) is not retried into a second email', async () => {
  await withRuntime([seed('provisioned', 'PROVISIONED')], async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D}` }));
    const id = rt.sim.getUser(`provisioned@${D}`)?.id ?? '';
    // Another admin resends from the console just before our confirm.
    const other = await fetch(`${rt.sim.url}/api/v1/users/${id}/lifecycle/reactivate?sendEmail=true`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${rt.sim.apiToken}`, Accept: 'application/json' },
    });
    assert.equal(other.status, 200);
    const report = await confirmAndRun(rt, plan);
    assert.equal(report.results[0]?.outcome, 'skipped');
    assert.equal(report.results[0]?.reason, 'recently_sent');
    assert.equal(rt.sim.outbox.length, 1, 'only the other admin’s email');
    assert.equal(lifecycleCalls(rt).filter((call) => call.retryFor).length, 0, 'the SDK did not retry it');
  });
});

test('a plan says up front who this bot emailed within the window (a skip, not a send); force plans them again', async () => {
  await withRuntime([seed('provisioned', 'PROVISIONED'), seed('other', 'PROVISIONED')], async (rt) => {
    await confirmAndRun(rt, planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D}` })));
    const again = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D} other@${D}` }));
    assert.equal(again.counts.send, 1, 'only the one not emailed yet');
    assert.equal(again.entries[0]?.decision.kind === 'skip' && again.entries[0].decision.reason, 'recently_sent');
    const forced = planned(await rt.service.prepare(helen, { kind: 'text', text: `provisioned@${D}` }, { force: true }));
    assert.equal(forced.counts.send, 1);
  }, { simulator: { emailCooldownMs: 0 } });
});
