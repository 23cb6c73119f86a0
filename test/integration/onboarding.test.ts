import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../src/core/audit.ts';
import type { Requester } from '../../src/core/requester.ts';
import type { DeliveryNotice, FollowUpNotice, OnboardingHandlers, ScheduledNothing } from '../../src/core/schedule/onboarding.ts';
import type { RunReport } from '../../src/core/run-report.ts';
import type { KeyValueStore } from '../../src/core/store.ts';
import { startOktaSimulator, type OktaSimulator, type SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { createRuntime, type ResendRuntime } from '../../src/runtime/create-runtime.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createRedisStore } from '../../src/store/redis-store.ts';
import { zonedToEpoch } from '../../src/core/schedule/zoned-time.ts';
import { redisSkip, uniquePrefix, withRedis } from '../support/redis-server.ts';

// The onboarding morning in the core, with a clock the test moves (nobody waits a day): scheduled
// sends, per-row start dates, follow-ups on who activated, delivery failures from the System Log.
// Okta is the simulator over HTTP; what reached it (the outbox) and what the surface was handed
// (the notices) are the evidence, and every step must be in the audit trail.

const helen: Requester = { surface: 'slack', userId: 'U0HELEN', email: 'helen@corp.example', displayName: 'helen', groupIds: [] };
const admin: Requester = { surface: 'slack', userId: 'U0ROOT', email: 'root@corp.example', displayName: 'root', groupIds: [] };
const D = 'corp.example';
const THREAD = { surface: 'slack', channel: 'C1', threadTs: '1.0' };
// Now, so that the simulator's System Log (real time) and the test's clock agree on "now"; dates
// ahead are counted from it, so the test holds whatever day it runs.
const T0 = Date.now();
const day = (ahead: number) => new Date(T0 + ahead * 24 * 3600_000).toISOString().slice(0, 10);

const seed = (name: string, extra: Partial<SimulatorSeedUser> = {}): SimulatorSeedUser => ({ login: `${name}@${D}`, status: 'PROVISIONED', firstName: name, lastName: 'Test', ...extra });

interface World {
  readonly sim: OktaSimulator;
  readonly clock: { now: number };
  readonly audit: AuditEvent[];
  readonly reports: RunReport[];
  readonly followUps: FollowUpNotice[];
  readonly deliveries: DeliveryNotice[];
  readonly nothing: ScheduledNothing[];
  runtime(store?: KeyValueStore): ResendRuntime;
}

async function world(t: TestContext, users: SimulatorSeedUser[]): Promise<World> {
  const sim = await startOktaSimulator({ users });
  t.after(() => sim.close());
  const clock = { now: T0 };
  const audit: AuditEvent[] = [];
  const reports: RunReport[] = [];
  const followUps: FollowUpNotice[] = [];
  const deliveries: DeliveryNotice[] = [];
  const nothing: ScheduledNothing[] = [];
  const runtime = (store: KeyValueStore = createMemoryStore()) => {
    const rt = createRuntime({
      okta: { orgUrl: sim.url, auth: { kind: 'apiToken', token: sim.apiToken }, rateLimitReserve: 0, timeoutSeconds: 30, maxWaitSeconds: 75 },
      roles: { helpdesk: [helen.userId], approvers: [], admins: [admin.userId] },
      settings: { followUpSeconds: 24 * 3600, activationLinkDays: 7, deliveryCheckSeconds: 300, runLeaseSeconds: 2 },
      store,
      audit: { record: (event) => void audit.push(event) },
      now: () => clock.now,
    });
    // A surface: runs scheduled sends in their thread, and keeps what it was told to post.
    const handlers: OnboardingHandlers = {
      scheduledRun: async ({ job, plan }) => void reports.push(await rt.service.execute(plan, job.requester, { replyTo: job.replyTo })),
      scheduledNothing: async (notice) => void nothing.push(notice),
      followUp: async (notice) => void followUps.push(notice),
      delivery: async (notice) => void deliveries.push(notice),
    };
    rt.service.onOnboarding('slack', handlers);
    return rt;
  };
  return { sim, clock, audit, reports, followUps, deliveries, nothing, runtime };
}

async function planned(rt: ResendRuntime, text: string) {
  const outcome = await rt.service.prepare(helen, { kind: 'text', text });
  assert.equal(outcome.kind, 'planned');
  return (outcome as Extract<typeof outcome, { kind: 'planned' }>).plan;
}

test('a send scheduled for 08:00 Berlin goes out once at its time, reads Okta again then, and reports into the thread; cancelled ones never send', async (t) => {
  const w = await world(t, [seed('ann'), seed('bo'), seed('cy')]);
  const rt = w.runtime();
  const plan = await planned(rt, `ann@${D} bo@${D}`);
  const scheduled = await rt.service.schedule(plan.id, helen, { kind: 'at', localDateTime: `${day(5)}T08:00`, timeZone: 'Europe/Berlin' }, THREAD);
  assert.equal(scheduled.kind, 'scheduled');
  assert.equal((scheduled as Extract<typeof scheduled, { kind: 'scheduled' }>).schedules[0]!.when, `${day(5)} 08:00 (Europe/Berlin)`);
  assert.equal((await rt.service.confirm(plan.id, helen)).kind, 'already_confirmed', 'a scheduled plan cannot also be confirmed now');
  const other = await planned(rt, `cy@${D}`);
  const cancelMe = await rt.service.schedule(other.id, helen, { kind: 'at', localDateTime: `${day(5)}T08:00`, timeZone: 'Europe/Berlin' }, THREAD);
  const cancelId = (cancelMe as Extract<typeof cancelMe, { kind: 'scheduled' }>).schedules[0]!.id;
  assert.equal((await rt.service.listScheduled(helen)).length, 2);
  assert.equal((await rt.service.cancelScheduled(cancelId, helen)).kind, 'cancelled');
  assert.equal((await rt.service.listScheduled(helen)).length, 1);

  // Bo activated in the meantime: at send time he is skipped (Okta read again).
  w.sim.setStatus(w.sim.getUser(`bo@${D}`)!.id, 'ACTIVE', { activated: '2026-12-05T09:00:00.000Z' });
  const due = zonedToEpoch(day(5), '08:00', 'Europe/Berlin');
  w.clock.now = due - 60_000;
  await rt.service.runDueWork();
  assert.equal(w.sim.outbox.length, 0, 'not before its time');
  w.clock.now = due + 1_000;
  await rt.service.runDueWork();
  await rt.service.runDueWork();
  assert.deepEqual(w.sim.outbox.map((m) => m.to), [`ann@${D}`], 'once, at 08:00 Berlin, only who still needs it; the cancelled one never');
  assert.equal(w.reports.length, 1);
  assert.equal(w.reports[0]!.counts.sent, 1);
  assert.equal(w.reports[0]!.counts.skipped, 1);
  for (const type of ['scheduled', 'schedule_cancelled', 'job', 'outcome']) assert.ok(w.audit.some((e) => e.type === type), `audit has ${type}`);
});

test('a start-date file schedules each person on their own morning at SCHEDULE_TIME; rows without a date are named, not sent', async (t) => {
  const w = await world(t, [seed('ann'), seed('bo'), seed('cy')]);
  const rt = w.runtime();
  const [y, m, d] = day(9).split('-');
  const csv = `Email,Start date\nann@${D},${day(5)}\nbo@${D},${m}/${d}/${y}\ncy@${D},\n`;
  const outcome = await rt.service.prepare(helen, { kind: 'file', name: 'hires.csv', bytes: Buffer.from(csv) });
  assert.equal(outcome.kind, 'planned');
  const plan = (outcome as Extract<typeof outcome, { kind: 'planned' }>).plan;
  const scheduled = await rt.service.schedule(plan.id, helen, { kind: 'start_dates', timeZone: 'America/New_York' }, THREAD);
  assert.equal(scheduled.kind, 'scheduled');
  const result = scheduled as Extract<typeof scheduled, { kind: 'scheduled' }>;
  assert.deepEqual(result.schedules.map((s) => s.when), [`${day(5)} 08:00 (America/New_York) (their start date)`, `${day(9)} 08:00 (America/New_York) (their start date)`]);
  assert.equal(result.notScheduled.length, 1);
  assert.match(result.notScheduled[0]!, /cy@corp\.example — no start date/);

  w.clock.now = zonedToEpoch(day(5), '08:00', 'America/New_York');
  await rt.service.runDueWork();
  assert.deepEqual(w.sim.outbox.map((m) => m.to), [`ann@${D}`]);
  w.clock.now = zonedToEpoch(day(9), '08:00', 'America/New_York');
  await rt.service.runDueWork();
  assert.deepEqual(w.sim.outbox.map((m) => m.to), [`ann@${D}`, `bo@${D}`]);
});

test('a schedule survives a restart and runs once with two replicas (Redis)', { skip: redisSkip() }, async (t) => {
  const redis = await withRedis(t);
  const w = await world(t, [seed('ann'), seed('bo')]);
  const prefix = uniquePrefix('sched');
  const stores = [0, 1, 2].map(() => createRedisStore({ url: redis.url, keyPrefix: prefix }));
  t.after(async () => Promise.all(stores.map((store) => store.close())));
  await Promise.all(stores.map((store) => store.ready()));
  const first = w.runtime(stores[0]);
  const plan = await planned(first, `ann@${D} bo@${D}`);
  assert.equal((await first.service.schedule(plan.id, helen, { kind: 'at', localDateTime: `${day(5)}T08:00`, timeZone: 'UTC' }, THREAD)).kind, 'scheduled');
  // The process that scheduled it is gone; two new replicas come up and both look at 08:00.
  await first.service.stopTimedWork();
  const [a, b] = [w.runtime(stores[1]), w.runtime(stores[2])];
  w.clock.now = Date.parse(`${day(5)}T08:00:00Z`);
  await Promise.all([a.service.runDueWork(), b.service.runDueWork()]);
  await Promise.all([a.service.runDueWork(), b.service.runDueWork()]);
  assert.equal(w.sim.outbox.length, 2, 'each person once');
  assert.equal(w.reports.length, 1, 'one run');
});

test('follow-up: a day later the thread hears exactly who activated and who has not; the day before the links expire, the pending ones again; resend offers only them', async (t) => {
  const w = await world(t, [seed('ann'), seed('bo'), seed('cy')]);
  const rt = w.runtime();
  const plan = await planned(rt, `ann@${D} bo@${D} cy@${D}`);
  await rt.service.confirm(plan.id, helen);
  const report = await rt.service.execute(plan, helen, { replyTo: THREAD });
  assert.equal(report.counts.sent, 3);
  assert.equal(w.sim.followActivationLink(`ann@${D}`), 'activated', 'Ann follows her link');

  w.clock.now = T0 + 23 * 3600_000;
  await rt.service.runDueWork();
  assert.equal(w.followUps.length, 0, 'not before FOLLOW_UP_HOURS');
  w.clock.now = T0 + 24 * 3600_000 + 1_000;
  await rt.service.runDueWork();
  assert.equal(w.followUps.length, 1);
  const view = w.followUps[0]!.view;
  assert.equal(view.pending, 2);
  assert.match(view.title, /1 of 3 users emailed have activated/);
  assert.deepEqual(view.rows.map((row) => [row.who, row.text.split(' (')[0]]), [[`bo@${D}`, 'not activated yet'], [`cy@${D}`, 'not activated yet'], [`ann@${D}`, 'activated']]);
  assert.deepEqual(w.followUps[0]!.job.replyTo, THREAD, 'into the run’s thread');

  const resend = await rt.service.prepareFollowUpResend(report.planId, helen);
  assert.equal(resend.kind, 'planned');
  const again = (resend as Extract<typeof resend, { kind: 'planned' }>).plan;
  assert.deepEqual(again.entries.map((entry) => entry.user?.login).sort(), [`bo@${D}`, `cy@${D}`]);

  w.sim.setStatus(w.sim.getUser(`bo@${D}`)!.id, 'ACTIVE', { activated: '2026-12-04T15:00:00.000Z' });
  w.clock.now = T0 + 6 * 24 * 3600_000 + 1_000;
  await rt.service.runDueWork();
  assert.equal(w.followUps.length, 2);
  assert.match(w.followUps[1]!.view.title, /expire tomorrow/);
  assert.equal(w.followUps[1]!.view.pending, 1, 'only Cy is still pending');
});

test('delivery: a bounced address is reported with the provider’s reason and what to do; a run where the log cannot be read says so once', async (t) => {
  const w = await world(t, [seed('ann'), seed('bo'), seed('cy')]);
  w.sim.failDelivery(`bo@${D}`, { kind: 'bounce', providerMessage: '550 5.1.1 The email account that you tried to reach does not exist' });
  const rt = w.runtime();
  const plan = await planned(rt, `ann@${D} bo@${D}`);
  await rt.service.confirm(plan.id, helen);
  await rt.service.execute(plan, helen, { replyTo: THREAD });
  w.clock.now = T0 + 5 * 60_000 + 1_000;
  await rt.service.runDueWork();
  assert.equal(w.deliveries.length, 1);
  const notice = w.deliveries[0]!;
  assert.equal(notice.kind, 'failures');
  const view = (notice as Extract<DeliveryNotice, { kind: 'failures' }>).view;
  assert.deepEqual(view.rows.map((row) => row.who), [`bo@${D}`]);
  assert.match(view.rows[0]!.text, /^bounce: 550 5\.1\.1/);
  assert.match(view.rows[0]!.hint ?? '', /bounce list/);
  assert.deepEqual(view.bounced, [`bo@${D}`]);
  assert.equal((notice as Extract<DeliveryNotice, { kind: 'failures' }>).canClearBounces, true);
  // Only an admin may take it off the bounce list; then Okta's provider delivers to it again.
  assert.equal((await rt.service.clearBounces(notice.job.runId, helen)).kind, 'refused');
  const cleared = await rt.service.clearBounces(notice.job.runId, admin);
  assert.equal(cleared.kind, 'cleared');
  assert.deepEqual((cleared as Extract<typeof cleared, { kind: 'cleared' }>).removed, [`bo@${D}`]);
  assert.equal((await rt.service.clearBounces(notice.job.runId, admin)).kind, 'already_confirmed');
  assert.ok(w.audit.some((e) => e.type === 'job' && e.kind === 'bounce_list_removal'));

  w.sim.setLogsForbidden(true);
  const second = await planned(rt, `cy@${D}`);
  await rt.service.confirm(second.id, helen, null);
  await rt.service.execute(second, helen, { replyTo: THREAD });
  w.clock.now += 6 * 60_000;
  await rt.service.runDueWork();
  const last = w.deliveries.at(-1)!;
  assert.equal(last.kind, 'not_checked');
  assert.match((last as Extract<DeliveryNotice, { kind: 'not_checked' }>).message, /not checked: the bot may not read Okta's System Log/);
});

test('a scheduled send whose people all activated meanwhile sends nothing and says why, by reason', async (t) => {
  const w = await world(t, [seed('ann'), seed('bo')]);
  const rt = w.runtime();
  const plan = await planned(rt, `ann@${D} bo@${D} nobody@${D}`);
  assert.equal((await rt.service.schedule(plan.id, helen, { kind: 'at', localDateTime: `${day(3)}T08:00`, timeZone: 'UTC' }, THREAD)).kind, 'scheduled');
  for (const name of ['ann', 'bo']) w.sim.setStatus(w.sim.getUser(`${name}@${D}`)!.id, 'ACTIVE', { activated: new Date(T0).toISOString() });
  w.clock.now = Date.parse(`${day(3)}T08:00:00Z`);
  await rt.service.runDueWork();
  assert.equal(w.sim.outbox.length, 0);
  assert.equal(w.nothing.length, 1);
  assert.equal(w.nothing[0]!.message, 'Nothing to send at the scheduled time: 2 already active, 1 not found.');
  assert.deepEqual(w.nothing[0]!.job.replyTo, THREAD);
});
