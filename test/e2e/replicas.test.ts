import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { OktaSimulator, SimulatorOptions, SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import type { FakeSlackApi, PostedMessage } from '../support/fake-slack-api.ts';
import { freePort, redisSkip } from '../support/redis-server.ts';
import { GRACE_SECONDS, startWorld, until, sleep, type Bot, type World } from './bots.ts';
import { CHANNEL, D, HELEN, buttonsOf, clickPayload, command, eventCallback, fileShareEvent, interaction } from './slack-requests.ts';

// Issue 10, item 8: replicas as real processes (`node --import tsx src/main.ts`) on one real
// Redis. Every assertion reads what reached the Okta simulator (who was emailed, how often) and
// the fake Slack Web API (what was posted and edited in the plan's thread), never a spy.

const skip = redisSkip();
/** RESEND_CONCURRENCY for the bulk runs: the most users a killed process can leave in flight. */
const CONCURRENCY = 8;

const SMALL: SimulatorSeedUser[] = [
  { login: `alice.nguyen@${D}`, status: 'PROVISIONED', firstName: 'Alice', lastName: 'Nguyen' },
  { login: `bob.li@${D}`, status: 'STAGED', firstName: 'Bob', lastName: 'Li' },
];

function hires(count: number): SimulatorSeedUser[] {
  return Array.from({ length: count }, (_, i) => ({ login: `hire${String(i).padStart(3, '0')}@${D}`, status: 'PROVISIONED' as const, firstName: 'New', lastName: `Hire${i}` }));
}

function hasConfirm(message: PostedMessage): boolean {
  return message.versions.some((version) => buttonsOf({ ...message, blocks: version.blocks }).some((button) => button.action_id === ACTION_CONFIRM));
}

/** The plan message as first posted (with its buttons), for clicking. */
function asPosted(message: PostedMessage): PostedMessage {
  const first = message.versions[0] ?? { text: message.text, blocks: message.blocks };
  return { ...message, text: first.text, blocks: first.blocks };
}

function plans(slack: FakeSlackApi): PostedMessage[] {
  return slack.messages.filter(hasConfirm);
}

function emailsPerUser(sim: OktaSimulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of sim.outbox) counts.set(email.to.toLowerCase(), (counts.get(email.to.toLowerCase()) ?? 0) + 1);
  return counts;
}

function emailedTwice(sim: OktaSimulator): string[] {
  return [...emailsPerUser(sim)].filter(([, count]) => count > 1).map(([to]) => to);
}

/** Replies in the plan's thread, the plan message left out. */
function threadOf(slack: FakeSlackApi, plan: PostedMessage): PostedMessage[] {
  const root = plan.threadTs ?? plan.ts;
  return slack.messages.filter((m) => m.channel === plan.channel && m.threadTs === root && m.ts !== plan.ts);
}

function resultsMessages(slack: FakeSlackApi, plan: PostedMessage): PostedMessage[] {
  return threadOf(slack, plan).filter((m) => /^Done(, with failures)?: \d+ sent · \d+ skipped · \d+ failed/.test(m.text));
}

function auditLines(bot: Bot): Array<Record<string, unknown>> {
  let text = '';
  try {
    text = readFileSync(bot.auditPath, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

interface ResultRow {
  readonly login: string;
  readonly outcome: string;
  readonly reason: string;
  readonly message: string;
}

/** The results CSV the bot attached in the plan's thread: one row per user. */
function resultsCsv(slack: FakeSlackApi, plan: PostedMessage): ResultRow[] | null {
  const root = plan.threadTs ?? plan.ts;
  const upload = slack.uploads.find((u) => u.filename.startsWith('results-') && u.channel === plan.channel && u.threadTs === root);
  if (!upload) return null;
  const rows = parse(upload.content, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  return rows.map((row) => ({ login: (row['login'] ?? '').toLowerCase(), outcome: row['outcome'] ?? '', reason: row['reason'] ?? '', message: row['message'] ?? '' }));
}

async function twoReplicas(t: TestContext, simulator: SimulatorOptions, env: Record<string, string> = {}): Promise<{ world: World; a: Bot; b: Bot }> {
  const world = await startWorld(t, { simulator });
  const [a, b] = await Promise.all([world.startBot('a', { env }), world.startBot('b', { env })]);
  return { world, a, b };
}

/** A slash command to `bot`; resolves with the plan message it posted in the channel. */
async function planByCommand(world: World, bot: Bot, text: string): Promise<PostedMessage> {
  const before = plans(world.slack).length;
  const ack = await command(bot.url, world.slack, text);
  assert.equal(ack.status, 200, ack.body);
  return asPosted(await until(() => plans(world.slack)[before], `the plan from ${bot.name} (${bot.output()})`));
}

/** A CSV of `users` shared with the bot in a DM; resolves with the plan posted in its thread. */
async function planByFile(world: World, bot: Bot, users: readonly SimulatorSeedUser[], ts: string): Promise<PostedMessage> {
  const csv = `email\n${users.map((u) => u.login).join('\n')}\n`;
  const answer = await eventCallback(bot.url, fileShareEvent(world.slack, `hires-${ts}.csv`, csv, ts));
  assert.equal(answer.status, 200, answer.body);
  return asPosted(await until(() => plans(world.slack).find((m) => m.threadTs === ts), `the plan from ${bot.name} (${bot.output()})`, 30_000));
}

test('plan on one replica, confirm on the other: each user emailed once, results in the plan thread', { skip, timeout: 60_000 }, async (t) => {
  const { world, a, b } = await twoReplicas(t, { users: SMALL });
  const plan = await planByCommand(world, a, `alice.nguyen@${D} bob.li@${D}`);
  assert.equal(plan.channel, CHANNEL);
  const clicked = await interaction(b.url, clickPayload(world.slack, plan, ACTION_CONFIRM));
  assert.equal(clicked.status, 200);

  const [results] = await until(() => (resultsMessages(world.slack, plan).length > 0 ? resultsMessages(world.slack, plan) : null), `the results (${b.output()})`);
  assert.match(results!.text, /^Done: 2 sent · 0 skipped · 0 failed/);
  assert.deepEqual(Object.fromEntries(emailsPerUser(world.sim)), { [`alice.nguyen@${D}`]: 1, [`bob.li@${D}`]: 1 });
  // The plan message ends with the counts (buttons gone), edited by the replica that ran it.
  const finalPlan = world.slack.messages.find((m) => m.ts === plan.ts)!;
  await until(() => /2 sent · 0 skipped · 0 failed/.test(JSON.stringify(finalPlan.blocks)) || null, 'the plan message ending with the counts');
  assert.equal(buttonsOf(finalPlan).length, 0, 'no buttons left on the plan');
  // Which process did what: A planned, B ran (each replica writes its own audit file).
  assert.ok(auditLines(a).some((line) => line['type'] === 'plan'), 'A made the plan');
  assert.equal(auditLines(a).filter((line) => line['type'] === 'lifecycle').length, 0, 'A made no lifecycle call');
  await until(() => auditLines(b).filter((line) => line['type'] === 'lifecycle').length === 2 || null, 'B’s two lifecycle calls in its audit file');
});

test('the same Confirm click on both replicas at once: one run, one "already confirmed"', { skip, timeout: 60_000 }, async (t) => {
  const { world, a, b } = await twoReplicas(t, { users: SMALL, latencyMs: 30 });
  const plan = await planByCommand(world, a, `alice.nguyen@${D} bob.li@${D}`);
  const payload = clickPayload(world.slack, plan, ACTION_CONFIRM);
  const answers = await Promise.all([interaction(a.url, payload), interaction(b.url, payload)]);
  assert.deepEqual(answers.map((answer) => answer.status), [200, 200]);

  await until(() => resultsMessages(world.slack, plan).length > 0 || null, 'the results');
  await until(() => world.slack.notices.some((n) => /Already confirmed/.test(n.text)) || null, 'the "already confirmed" notice');
  await sleep(1_500); // room for a second run to show itself, if there were one
  assert.equal(world.sim.outbox.length, 2, 'two emails in all');
  assert.deepEqual(emailedTwice(world.sim), []);
  assert.equal(world.sim.calls.filter((call) => call.path.includes('/lifecycle/')).length, 2, 'one lifecycle call per user');
  assert.equal(resultsMessages(world.slack, plan).length, 1, 'one results message');
  assert.equal(threadOf(world.slack, plan).filter((m) => /^Working…|^Finished in/.test(m.versions[0]?.text ?? '')).length, 1, 'one progress message');
  assert.equal(world.slack.notices.filter((n) => /Already confirmed/.test(n.text)).length, 1, 'one "already confirmed" notice, to Helen');
});

test('a Slack retry of the same file-share event on the other replica: one plan', { skip, timeout: 60_000 }, async (t) => {
  const { world, a, b } = await twoReplicas(t, { users: SMALL });
  const body = fileShareEvent(world.slack, 'retry.csv', `email\nalice.nguyen@${D}\n`, '1795389500.000300');
  assert.equal((await eventCallback(a.url, body)).status, 200);
  assert.equal((await eventCallback(b.url, body, 1)).status, 200, 'the retry is acked');
  await until(() => plans(world.slack)[0], `the plan (${a.output()}${b.output()})`);
  await sleep(1_500); // a second plan would come within this
  assert.equal(plans(world.slack).length, 1, 'one plan');
  assert.equal(world.slack.callsTo('download').length, 1, 'the file was downloaded once');
  assert.equal(world.sim.outbox.length, 0, 'nothing sent without a confirm');
});

/**
 * What the bulk tests check at the end: nobody emailed twice; every user either sent (and emailed
 * exactly once) or reported in doubt; the in-doubt ones at most the calls that were in flight.
 */
function assertEveryUserAccountedFor(world: World, plan: PostedMessage, users: readonly SimulatorSeedUser[], maxInDoubt: number): { sent: number; inDoubt: number } {
  assert.deepEqual(emailedTwice(world.sim), [], 'nobody emailed twice');
  const rows = resultsCsv(world.slack, plan);
  assert.ok(rows, 'a results CSV in the thread');
  assert.equal(rows.length, users.length, 'one row per user');
  const emails = emailsPerUser(world.sim);
  let sent = 0;
  let inDoubt = 0;
  const other: string[] = [];
  for (const row of rows) {
    if (row.outcome === 'sent') {
      sent += 1;
      assert.equal(emails.get(row.login) ?? 0, 1, `${row.login} reported sent and emailed once`);
    } else if (row.outcome === 'failed' && row.reason === 'in_doubt') {
      inDoubt += 1;
    } else {
      other.push(`${row.login}: ${row.outcome}/${row.reason}`);
    }
  }
  assert.deepEqual(other, [], 'every user sent or in doubt');
  assert.equal(sent + inDoubt, users.length);
  assert.ok(inDoubt <= maxInDoubt, `${inDoubt} in doubt, at most ${maxInDoubt}`);
  const reported = new Set(rows.map((row) => row.login));
  for (const [to] of emails) assert.ok(reported.has(to), `${to} was emailed and is in the results`);
  return { sent, inDoubt };
}

const BULK = hires(300);
const BULK_SIM: SimulatorOptions = { users: BULK, latencyMs: 40 };
const BULK_ENV = { RESEND_CONCURRENCY: String(CONCURRENCY) };

/** Calls `act` from inside the simulator the moment the outbox reaches `emails` (once). */
function whenOutboxReaches(sim: OktaSimulator, emails: number, act: () => void): void {
  let done = false;
  sim.afterCall(() => {
    if (!done && sim.outbox.length >= emails) {
      done = true;
      act();
    }
  });
}

test('kill -9 mid-run: the other replica picks it up in the same thread; nobody emailed twice, every user sent or in doubt', { skip, timeout: 60_000 }, async (t) => {
  const { world, a } = await twoReplicas(t, BULK_SIM, BULK_ENV);
  const plan = await planByFile(world, a, BULK, '1795389600.000100');
  let killedAt = -1;
  whenOutboxReaches(world.sim, 80, () => {
    a.signal('SIGKILL');
    killedAt = world.sim.outbox.length;
  });
  assert.equal((await interaction(a.url, clickPayload(world.slack, plan, ACTION_CONFIRM))).status, 200);
  const exit = await a.exited;
  assert.equal(exit.signal, 'SIGKILL');
  assert.ok(killedAt >= 50 && killedAt <= 250, `killed with ${killedAt} emails out`);

  const [results] = await until(() => (resultsMessages(world.slack, plan).length > 0 ? resultsMessages(world.slack, plan) : null), 'the results, from the other replica', 40_000);
  const thread = threadOf(world.slack, plan);
  const pickedUp = thread.find((m) => /Picking this run up after a restart: (\d+) of 300 were done before/.test(m.versions[0]?.text ?? ''));
  assert.ok(pickedUp, `a "Picking this run up…" message in the thread: ${thread.map((m) => m.versions[0]?.text).join(' | ')}`);
  await until(() => resultsCsv(world.slack, plan), 'the results CSV');
  const { sent, inDoubt } = assertEveryUserAccountedFor(world, plan, BULK, CONCURRENCY);
  assert.match(results!.text, new RegExp(`^Done(, with failures)?: ${sent} sent · 0 skipped · ${inDoubt} failed`));
  const why = (resultsCsv(world.slack, plan) ?? []).filter((row) => row.reason === 'in_doubt').map((row) => (/previous bot process/.test(row.message) ? 'not recorded' : 'in flight'));
  t.diagnostic(`killed at ${killedAt} emails; ${sent} sent, ${inDoubt} in doubt (${why.join(', ')})`);
});

test('SIGTERM mid-run hands over: the process exits within the grace, the thread says paused, the other replica finishes', { skip, timeout: 60_000 }, async (t) => {
  const { world, a } = await twoReplicas(t, BULK_SIM, BULK_ENV);
  const plan = await planByFile(world, a, BULK, '1795389700.000100');
  let signalledAt = -1;
  whenOutboxReaches(world.sim, 80, () => {
    signalledAt = a.signal('SIGTERM');
  });
  assert.equal((await interaction(a.url, clickPayload(world.slack, plan, ACTION_CONFIRM))).status, 200);
  const exit = await a.exited;
  const seconds = (exit.at - signalledAt) / 1000;
  t.diagnostic(`exited ${seconds.toFixed(2)} s after SIGTERM (code ${exit.code})`);
  assert.ok(signalledAt > 0, 'signalled mid-run');
  assert.ok(seconds < GRACE_SECONDS, `exited within SHUTDOWN_GRACE_SECONDS (${seconds.toFixed(2)} s)`);
  assert.equal(exit.code, 0, `a clean exit:\n${a.output()}`);
  const paused = threadOf(world.slack, plan).find((m) => /Paused at \d+ of 300: the bot is restarting/.test(m.text));
  assert.ok(paused, 'the progress message says the run is paused and handed over');

  const [results] = await until(() => (resultsMessages(world.slack, plan).length > 0 ? resultsMessages(world.slack, plan) : null), 'the results, from the other replica', 40_000);
  assert.ok(threadOf(world.slack, plan).some((m) => /Picking this run up after a restart/.test(m.versions[0]?.text ?? '')), 'picked up in the same thread');
  await until(() => resultsCsv(world.slack, plan), 'the results CSV');
  // A drain lets the calls in flight finish: nothing is left in doubt.
  const { sent } = assertEveryUserAccountedFor(world, plan, BULK, 0);
  assert.equal(sent, 300);
  assert.match(results!.text, /^Done: 300 sent · 0 skipped · 0 failed/);
});

test('SIGTERM while every Okta lifecycle call hangs: the process still exits within the grace; the calls it left are reported in doubt', { skip, timeout: 60_000 }, async (t) => {
  const users = hires(20);
  const { world, a } = await twoReplicas(t, { users }, BULK_ENV);
  const plan = await planByFile(world, a, users, '1795389800.000100');
  // Okta hangs every lifecycle call until the SIGTERM; the calls hung by then stay hung.
  let hanging = true;
  world.sim.addFault({ kind: 'hang', match: { bucket: 'lifecycle', when: () => hanging } });
  assert.equal((await interaction(a.url, clickPayload(world.slack, plan, ACTION_CONFIRM))).status, 200);
  // Every worker of the run ends up stuck on a hung call (the pool starts at a few: see lifecycle-concurrency.ts).
  await until(() => world.sim.hung.length > 0 || null, 'a lifecycle call hung');
  await sleep(500);
  assert.ok(world.sim.hung.length <= CONCURRENCY, `${world.sim.hung.length} calls hung, at most RESEND_CONCURRENCY`);
  const signalledAt = a.signal('SIGTERM');
  hanging = false;
  const exit = await a.exited;
  const seconds = (exit.at - signalledAt) / 1000;
  t.diagnostic(`exited ${seconds.toFixed(2)} s after SIGTERM (code ${exit.code}, signal ${exit.signal})`);
  assert.ok(seconds < GRACE_SECONDS, `exited within SHUTDOWN_GRACE_SECONDS (${seconds.toFixed(2)} s)`);

  // Okta answers again: the other replica finishes the run; the hung calls are never made again.
  const hungUsers = new Set(world.sim.hung.map((h) => h.path.split('/')[4]));
  await until(() => resultsMessages(world.slack, plan).length > 0 || null, 'the results, from the other replica', 30_000);
  await until(() => resultsCsv(world.slack, plan), 'the results CSV');
  const { sent, inDoubt } = assertEveryUserAccountedFor(world, plan, users, CONCURRENCY);
  assert.equal(inDoubt, hungUsers.size, 'exactly the hung calls are in doubt');
  assert.equal(sent, users.length - hungUsers.size);
  const lifecyclePaths = world.sim.calls.filter((call) => call.path.includes('/lifecycle/')).map((call) => call.path.split('/')[4]);
  for (const id of hungUsers) assert.ok(!lifecyclePaths.includes(id), `the hung call for ${id} was not made again`);
});

test('/readyz is 503 while Redis is unreachable; a slash command then gets "try again shortly", never half a run', { skip, timeout: 60_000 }, async (t) => {
  const world = await startWorld(t, { simulator: { users: SMALL } });
  const closed = await freePort();
  const bot = await world.startBot('no-redis', { env: { REDIS_URL: `redis://127.0.0.1:${closed}` }, waitFor: 'healthy' });
  const health = await fetch(`${bot.url}/healthz`);
  assert.equal(health.status, 200, 'alive');
  const ready = await fetch(`${bot.url}/readyz`);
  const readiness = (await ready.json()) as { ready: boolean; reason?: string };
  assert.equal(ready.status, 503);
  assert.equal(readiness.ready, false);
  assert.match(readiness.reason ?? '', /redis store unreachable/);

  const ack = await command(bot.url, world.slack, `alice.nguyen@${D}`);
  assert.equal(ack.status, 200);
  const notice = await until(() => world.slack.notices.find((n) => /Try again shortly/.test(n.text)), `a "try again shortly" answer (${bot.output()})`);
  assert.equal(notice.user, HELEN.id, 'to Helen only');
  assert.match(notice.text, /state store is not reachable/);
  await sleep(500);
  assert.equal(plans(world.slack).length, 0, 'no plan posted');
  assert.equal(world.sim.outbox.length, 0, 'nobody emailed');
  assert.equal(world.sim.calls.filter((call) => call.path.includes('/lifecycle/')).length, 0, 'no lifecycle call');
});
