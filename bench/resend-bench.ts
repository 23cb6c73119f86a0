/**
 * `npm run bench`: a bulk resend of N PROVISIONED users against the Okta simulator with a
 * lifecycle rate limit, compared with the floor (users ÷ lifecycle rate) and with the naive
 * Postman-style baseline. Flags: --users 1000 --limit 200 --window 5 --latency 40 --concurrency 8
 * --skip-naive. Exits 1 if any user was lost or emailed twice.
 */
import { parseArgs } from 'node:util';
import type { Requester } from '../src/core/requester.ts';
import { startOktaSimulator, type OktaSimulator, type SimulatorSeedUser } from '../src/okta-simulator/index.ts';
import { createRuntime } from '../src/runtime/create-runtime.ts';
import { runNaive } from './naive-runner.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    limit: { type: 'string', default: '200' },
    window: { type: 'string', default: '5' },
    latency: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '8' },
    'skip-naive': { type: 'boolean', default: false },
  },
});
const users = Number(values.users);
const limit = Number(values.limit);
const windowSeconds = Number(values.window);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);

const seeds: SimulatorSeedUser[] = Array.from({ length: users }, (_, i) => ({
  login: `hire${String(i).padStart(5, '0')}@bench.example`,
  status: 'PROVISIONED',
  firstName: 'New',
  lastName: `Hire ${i}`,
}));
const simOptions = { users: seeds, latencyMs, rateLimits: { lifecycle: { limit, windowSeconds } } };
const floorSeconds = users / (limit / windowSeconds);
// With fixed windows the last one need not be waited out: the stricter floor is the moment the
// last window opens. Reported beside the floor so that the ratio flatters nobody.
const lastWindowSeconds = (Math.ceil(users / limit) - 1) * windowSeconds;
const operator: Requester = { surface: 'cli', userId: 'bench', email: null, displayName: 'bench', groupIds: [] };

function emailedTwice(sim: OktaSimulator): number {
  const counts = new Map<string, number>();
  for (const mail of sim.outbox) counts.set(mail.to, (counts.get(mail.to) ?? 0) + 1);
  return [...counts.values()].filter((count) => count > 1).length;
}

async function runOurs() {
  const sim = await startOktaSimulator(simOptions);
  const { service } = createRuntime({
    okta: { orgUrl: sim.url, auth: { kind: 'apiToken', token: sim.apiToken }, rateLimitReserve: 0, timeoutSeconds: 30, maxWaitSeconds: 75 },
    roles: { helpdesk: [], approvers: [], admins: [] },
    settings: { concurrency },
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const prepared = await service.prepare(operator, { kind: 'text', text: seeds.map((s) => s.login).join('\n') });
  if (prepared.kind !== 'planned') throw new Error(`plan failed: ${prepared.kind}`);
  const resolvedAt = performance.now();
  await service.confirm(prepared.plan.id, operator);
  const report = await service.execute(prepared.plan, operator);
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  clearInterval(sampler);
  const searches = sim.calls.filter((c) => c.bucket === 'users-list').length;
  const result = {
    seconds,
    resolveSeconds: (resolvedAt - started) / 1000,
    executeSeconds: (finished - resolvedAt) / 1000,
    sent: report.counts.sent,
    failed: report.counts.failed,
    http429: sim.count429(),
    emailedTwice: emailedTwice(sim),
    emails: sim.outbox.length,
    searches,
    peakRssMb: peakRss / 1024 / 1024,
  };
  await sim.close();
  return result;
}

async function runBaseline() {
  const sim = await startOktaSimulator(simOptions);
  const naive = await runNaive(sim.url, sim.apiToken, seeds.map((s) => s.login));
  const result = { ...naive, http429: sim.count429(), emails: sim.outbox.length, emailedTwice: emailedTwice(sim) };
  await sim.close();
  return result;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
console.log(`resend-activation bench: ${users} PROVISIONED users, lifecycle limit ${limit} per ${windowSeconds} s, latency ${latencyMs} ms, concurrency ${concurrency}`);
console.log(`floor (users ÷ lifecycle rate): ${fmt(floorSeconds)} s; stricter floor (when the last fixed window opens): ${fmt(lastWindowSeconds)} s`);
const ours = await runOurs();
console.log(
  `ours:  ${fmt(ours.seconds)} s  (resolve ${fmt(ours.resolveSeconds)} s in ${ours.searches} searches, lifecycle ${fmt(ours.executeSeconds)} s)  ` +
    `ratio to floor ${fmt(ours.seconds / floorSeconds, 3)}, to the stricter floor ${fmt(ours.seconds / lastWindowSeconds, 3)}  ` +
    `sent ${ours.sent}/${users}  failed ${ours.failed}  429s ${ours.http429}  emailed twice ${ours.emailedTwice}  peak RSS ${fmt(ours.peakRssMb)} MB (process, simulator included)`,
);
let ok = ours.sent === users && ours.emailedTwice === 0 && ours.emails === users;
if (!values['skip-naive']) {
  const naive = await runBaseline();
  console.log(
    `naive: ${fmt(naive.seconds)} s  ratio to floor ${fmt(naive.seconds / floorSeconds, 3)}  failed ${naive.failed}  429s ${naive.http429}  emails ${naive.emails}  emailed twice ${naive.emailedTwice}`,
  );
  console.log(`naive ÷ ours: ${fmt(naive.seconds / ours.seconds, 2)}×`);
}
const target = ours.seconds / floorSeconds <= 1.1;
console.log(`verdict: ${ok ? 'no user lost, nobody emailed twice' : 'USERS LOST OR EMAILED TWICE'}; ${target ? 'within' : 'OUTSIDE'} 1.10 of the floor`);
ok = ok && ours.failed === 0;
process.exit(ok ? 0 : 1);
