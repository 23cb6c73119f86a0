import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { RunHandedOverError } from '../../src/core/errors.ts';
import type { Plan } from '../../src/core/plan.ts';
import type { Requester } from '../../src/core/requester.ts';
import type { ResumedRun } from '../../src/core/runs/durable-runs.ts';
import type { RunReport } from '../../src/core/run-report.ts';
import type { KeyValueStore } from '../../src/core/store.ts';
import { startOktaSimulator, type OktaSimulator, type SimulatorOptions, type SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { createRuntime, type ResendRuntime } from '../../src/runtime/create-runtime.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createRedisStore } from '../../src/store/redis-store.ts';
import { redisSkip, uniquePrefix, withRedis } from '../support/redis-server.ts';

// Durable runs in one test process: two runtimes (two "processes", each with its own Okta
// connection and pacer) on one store, against one Okta simulator over HTTP. What reached Okta
// (the outbox) is the evidence. Real processes and kill -9 are in test/e2e.

const helen: Requester = { surface: 'slack', userId: 'U2147483697', email: 'helen@corp.example', displayName: 'helen', groupIds: [] };
const D = 'corp.example';

function provisioned(count: number): SimulatorSeedUser[] {
  return Array.from({ length: count }, (_, i) => ({ login: `hire${i}@${D}`, status: 'PROVISIONED' as const, firstName: `Hire${i}`, lastName: 'Test' }));
}

function runtimeOn(sim: OktaSimulator, store: KeyValueStore, timeoutSeconds = 30): ResendRuntime {
  return createRuntime({
    okta: { orgUrl: sim.url, auth: { kind: 'apiToken', token: sim.apiToken }, rateLimitReserve: 0, timeoutSeconds, maxWaitSeconds: 75 },
    roles: { helpdesk: [helen.userId], approvers: [], admins: [] },
    settings: { concurrency: 4, runLeaseSeconds: 1 },
    store,
  });
}

async function confirmed(rt: ResendRuntime, users: number) {
  const text = Array.from({ length: users }, (_, i) => `hire${i}@${D}`).join('\n');
  const prepared = await rt.service.prepare(helen, { kind: 'text', text });
  assert.equal(prepared.kind, 'planned');
  const plan = (prepared as Extract<typeof prepared, { kind: 'planned' }>).plan;
  assert.equal((await rt.service.confirm(plan.id, helen)).kind, 'confirmed');
  return plan;
}

async function until(probe: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function emailsPerUser(sim: OktaSimulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of sim.outbox) counts.set(email.userId, (counts.get(email.userId) ?? 0) + 1);
  return counts;
}

async function sim(t: TestContext, options: SimulatorOptions): Promise<OktaSimulator> {
  const simulator = await startOktaSimulator(options);
  t.after(() => simulator.close());
  return simulator;
}

/** A second process takes the run over and reports it through its resume handler. */
function resumeInto(rt: ResendRuntime): Promise<{ resumed: ResumedRun; report: RunReport }> {
  return new Promise((resolve, reject) => {
    rt.service.onResumedRun('slack', async (resumed) => {
      try {
        resolve({ resumed, report: await resumed.execute() });
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function handOver(t: TestContext, logsReadable: boolean) {
  const redis = await withRedis(t);
  const okta = await sim(t, { users: provisioned(30), latencyMs: 20, logsForbidden: !logsReadable });
  const prefix = uniquePrefix('durable');
  const storeA = createRedisStore({ url: redis.url, keyPrefix: prefix });
  const storeB = createRedisStore({ url: redis.url, keyPrefix: prefix });
  t.after(async () => {
    await storeA.close();
    await storeB.close();
  });
  // A's calls time out after 2 s: its hung call must not keep the test waiting 30 s.
  const a = runtimeOn(okta, storeA, 2);
  const b = runtimeOn(okta, storeB);
  const plan = await confirmed(a, 30);
  // hire5's reactivate reaches Okta (the email goes out) but its answer never comes back.
  const hung = okta.getUser(`hire5@${D}`)!;
  okta.addFault({ kind: 'hang', takeEffect: true, match: { method: 'POST', when: (request) => request.path.includes(hung.id) } });

  const running = a.service.execute(plan, helen, { replyTo: { surface: 'slack', channel: 'C1', threadTs: '1.0' } });
  await until(() => okta.outbox.length >= 12, '12 emails');
  await a.service.drainRuns(Date.now(), Date.now() + 500);

  const taken = resumeInto(b);
  await b.service.recoverRuns();
  const { resumed, report } = await taken;
  await assert.rejects(running, RunHandedOverError);
  assert.deepEqual(resumed.run.replyTo, { surface: 'slack', channel: 'C1', threadTs: '1.0' }, 'reported into the same thread');
  assert.ok(resumed.doneBefore >= 12 && resumed.doneBefore < 30, `done before the takeover: ${resumed.doneBefore}`);
  assert.equal(report.results.length, 30);
  const perUser = emailsPerUser(okta);
  assert.equal(perUser.size, 30, 'everyone got the email (the hung call took effect)');
  assert.ok([...perUser.values()].every((n) => n === 1), 'nobody emailed twice: the call in flight was not made again');
  // The run is over: nothing left for a third process.
  const orphans: string[] = [];
  b.service.onResumedRun('slack', async (r) => void orphans.push(r.run.id));
  await b.service.recoverRuns();
  await b.service.resumedRunsIdle();
  assert.deepEqual(orphans, []);
  return { report, hung };
}

test('a shut-down process hands its run over: the next one finishes it in the same place; the call that hung is found in the System Log and reported sent; nobody is emailed twice (Redis)', { skip: redisSkip() }, async (t) => {
  const { report, hung } = await handOver(t, true);
  const hungResult = report.results.find((r) => r.userId === hung.id)!;
  assert.equal(hungResult.outcome, 'sent');
  assert.match(hungResult.message, /System Log shows it went through/);
  assert.equal(report.counts.sent, 30);
  assert.equal(report.counts.inDoubt, 0);
});

test('without the System Log the call that hung is in doubt, not retried (Redis)', { skip: redisSkip() }, async (t) => {
  const { report, hung } = await handOver(t, false);
  const doubt = report.results.filter((r) => r.reason === 'in_doubt');
  assert.deepEqual(doubt.map((r) => r.userId), [hung.id], 'only the call in flight is in doubt');
  assert.match(doubt[0]!.message, /In doubt — not retried, to avoid a second email/);
  assert.equal(report.counts.sent, 29);
});

test('in memory a run cannot outlive its process: on shutdown the users not started are reported not sent, in the same report', async (t) => {
  const okta = await sim(t, { users: provisioned(20), latencyMs: 30 });
  const rt = runtimeOn(okta, createMemoryStore());
  const plan = await confirmed(rt, 20);
  const running = rt.service.execute(plan, helen);
  await until(() => okta.outbox.length >= 4, '4 emails');
  await rt.service.drainRuns(Date.now(), Date.now() + 2_000);
  const report = await running;
  const notStarted = report.results.filter((r) => r.reason === 'not_started');
  assert.ok(notStarted.length > 0 && notStarted.length < 20, `some users not started: ${notStarted.length}`);
  assert.equal(report.counts.sent + notStarted.length, 20, 'every user sent or reported not sent');
  assert.equal(okta.outbox.length, report.counts.sent);
  assert.match(notStarted[0]!.message, /shut down before/);
});

test('a lifecycle call that times out is in doubt: not retried, its claim kept, the rest of the run goes on', async (t) => {
  const okta = await sim(t, { users: provisioned(6) });
  const rt = runtimeOn(okta, createMemoryStore(), 0.5);
  const plan = await confirmed(rt, 6);
  const stuck = okta.getUser(`hire2@${D}`)!;
  okta.addFault({ kind: 'hang', match: { method: 'POST', when: (request) => request.path.includes(stuck.id) } });
  const report = await rt.service.execute(plan, helen);
  assert.equal(report.counts.sent, 5);
  assert.equal(report.counts.inDoubt, 1);
  const doubt = report.results.find((r) => r.userId === stuck.id)!;
  assert.equal(doubt.reason, 'in_doubt');
  assert.equal(okta.hung.length, 1, 'one request hung, and it was not sent again');
  assert.equal(okta.outbox.filter((e) => e.userId === stuck.id).length, 0);
  // Asking again at once: the suppression window still holds the user (the email may have gone).
  const again = await rt.service.prepare(helen, { kind: 'text', text: `hire2@${D}` });
  assert.equal(again.kind, 'planned');
  const entry = (again as Extract<typeof again, { kind: 'planned' }>).plan.entries[0]!;
  assert.equal(entry.decision.kind === 'skip' ? entry.decision.reason : entry.decision.kind, 'recently_sent');
});

test('two bulk runs on two processes take turns at the org rate limit: no 429, each user once (Redis)', { skip: redisSkip() }, async (t) => {
  const redis = await withRedis(t);
  const okta = await sim(t, { users: provisioned(60), rateLimits: { lifecycle: { limit: 20, windowSeconds: 1 } } });
  const prefix = uniquePrefix('bulk');
  const stores = [createRedisStore({ url: redis.url, keyPrefix: prefix }), createRedisStore({ url: redis.url, keyPrefix: prefix })];
  t.after(async () => Promise.all(stores.map((s) => s.close())));
  const [a, b] = stores.map((store) => runtimeOn(okta, store)) as [ResendRuntime, ResendRuntime];
  const text = (from: number) => Array.from({ length: 30 }, (_, i) => `hire${from + i}@${D}`).join('\n');
  const plans: Plan[] = [];
  for (const [rt, from] of [[a, 0], [b, 30]] as const) {
    const prepared = await rt.service.prepare(helen, { kind: 'text', text: text(from) });
    assert.equal(prepared.kind, 'planned');
    const plan = (prepared as Extract<typeof prepared, { kind: 'planned' }>).plan;
    assert.equal((await rt.service.confirm(plan.id, helen)).kind, 'confirmed');
    plans.push(plan);
  }
  const [first, second] = await Promise.all([
    a.service.execute(plans[0]!, helen),
    new Promise((resolve) => setTimeout(resolve, 100)).then(() => b.service.execute(plans[1]!, helen, { onProgress: () => undefined })),
  ]);
  assert.equal(first.counts.sent + second.counts.sent, 60);
  assert.equal(okta.count429(), 0, 'the two runs together stayed under the lifecycle limit');
  const lastOfFirst = Math.max(...okta.outbox.filter((e) => plans[0]!.entries.some((p) => p.user?.id === e.userId)).map((e) => e.at));
  const firstOfSecond = Math.min(...okta.outbox.filter((e) => plans[1]!.entries.some((p) => p.user?.id === e.userId)).map((e) => e.at));
  assert.ok(firstOfSecond >= lastOfFirst, 'the second bulk run started after the first ended');
  assert.ok([...emailsPerUser(okta).values()].every((n) => n === 1));
});
