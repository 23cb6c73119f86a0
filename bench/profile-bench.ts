/**
 * `npm run bench -- --profile workforce|one-app|generous`: a list of new hires planned and run
 * against the simulator set to an org profile (org-profiles.ts), for each size asked for:
 * time to plan and to finish, each against its floor (plan: the users-list requests it took ÷ the
 * search rate; run: users ÷ the lifecycle rate), 429s, requests per user, peak memory, and the
 * naive runner beside it (capped: see NAIVE_CAP).
 */
import { INPUT_LIMITS } from '../src/core/limits.ts';
import type { Requester } from '../src/core/requester.ts';
import { startOktaSimulator, type OktaSimulator, type SimulatorSeedUser } from '../src/okta-simulator/index.ts';
import { createRuntime } from '../src/runtime/create-runtime.ts';
import { runNaive } from './naive-runner.ts';
import { simulatorOptionsFor, type OrgProfile } from './org-profiles.ts';

const operator: Requester = { surface: 'cli', userId: 'bench', email: null, displayName: 'bench', groupIds: [] };
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

export interface ProfileRun {
  readonly users: number;
  readonly planSeconds: number;
  readonly planRequests: number;
  readonly planFloorSeconds: number;
  readonly runSeconds: number;
  readonly runFloorSeconds: number;
  readonly http429: number;
  readonly requestsPerUser: number;
  readonly peakRssMb: number;
  readonly sent: number;
  readonly emailedTwice: number;
  readonly choice: string;
}

function seedsFor(profile: OrgProfile, users: number): { hires: SimulatorSeedUser[]; org: SimulatorSeedUser[] } {
  const hires = Array.from({ length: users }, (_, i): SimulatorSeedUser => ({ login: `hire${String(i).padStart(5, '0')}@bench.example`, status: 'PROVISIONED', firstName: 'New', lastName: `Hire ${i}` }));
  const colleagues = Array.from({ length: profile.colleagues }, (_, i): SimulatorSeedUser => ({ login: `staff${String(i).padStart(5, '0')}@bench.example`, status: 'ACTIVE', firstName: 'Staff', lastName: `Member ${i}` }));
  return { hires, org: [...colleagues, ...hires] };
}

function emailedTwice(sim: OktaSimulator): number {
  const counts = new Map<string, number>();
  for (const mail of sim.outbox) counts.set(mail.to, (counts.get(mail.to) ?? 0) + 1);
  return [...counts.values()].filter((count) => count > 1).length;
}

export async function runProfile(profile: OrgProfile, users: number, concurrency: number): Promise<ProfileRun> {
  const { hires, org } = seedsFor(profile, users);
  const sim = await startOktaSimulator({ users: org, ...simulatorOptionsFor(profile) });
  const runtime = createRuntime({
    okta: { orgUrl: sim.url, auth: { kind: 'apiToken', token: sim.apiToken }, rateLimitReserve: 0, timeoutSeconds: 30, maxWaitSeconds: 75 },
    roles: { helpdesk: [], approvers: [], admins: [] },
    // The core takes 5,000 distinct people a request (INPUT_LIMITS); the bench raises that for its 10,000-row file.
    settings: { concurrency, limits: { ...INPUT_LIMITS, maxIdentifiers: Math.max(INPUT_LIMITS.maxIdentifiers, users) } },
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const prepared = await runtime.service.prepare(operator, { kind: 'file', name: 'hires.csv', bytes: Buffer.from(`email\n${hires.map((h) => h.login).join('\n')}\n`) });
  if (prepared.kind !== 'planned') throw new Error(`plan failed: ${prepared.kind}`);
  const planned = performance.now();
  const planRequests = sim.calls.filter((c) => c.bucket === 'users-list' || c.bucket === 'users-get').length;
  const searchRequests = sim.calls.filter((c) => c.bucket === 'users-list').length;
  await runtime.service.confirm(prepared.plan.id, operator);
  const report = await runtime.service.execute(prepared.plan, operator);
  const finished = performance.now();
  clearInterval(sampler);
  const result: ProfileRun = {
    users,
    planSeconds: (planned - started) / 1000,
    planRequests,
    planFloorSeconds: searchRequests / (profile.searchPerMinute / 60),
    runSeconds: (finished - planned) / 1000,
    runFloorSeconds: users / (profile.lifecyclePerMinute / 60),
    http429: sim.count429(),
    requestsPerUser: sim.calls.length / users,
    peakRssMb: peakRss / 1024 / 1024,
    sent: report.counts.sent,
    emailedTwice: emailedTwice(sim),
    choice: `${runtime.directory.finder.lastChoice?.kind ?? '?'} (${searchRequests} users-list, ${planRequests - searchRequests} GETs)`,
  };
  await sim.close();
  return result;
}

/**
 * The naive runner (one user after another, GET then POST) on the first `cap` users of the
 * list, its time extrapolated linearly to the whole list: at 600 lifecycle calls a minute,
 * 10,000 users one by one would take the better part of half an hour.
 */
export async function runNaiveCapped(profile: OrgProfile, users: number, cap: number) {
  const { hires, org } = seedsFor(profile, users);
  const sim = await startOktaSimulator({ users: org, ...simulatorOptionsFor(profile) });
  const asked = hires.slice(0, Math.min(cap, users));
  const naive = await runNaive(sim.url, sim.apiToken, asked.map((h) => h.login));
  const result = { measuredUsers: asked.length, seconds: naive.seconds, extrapolatedSeconds: (naive.seconds * users) / asked.length, failed: naive.failed, http429: sim.count429(), requests: sim.calls.length };
  await sim.close();
  return result;
}

export function printProfileRun(r: ProfileRun): void {
  console.log(
    `  ${String(r.users).padStart(6)} users  plan ${fmt(r.planSeconds, 2)} s in ${r.planRequests} requests, ${r.choice}; floor ${fmt(r.planFloorSeconds, 2)} s, ratio ${fmt(r.planSeconds / r.planFloorSeconds, 3)}\n` +
      `                run ${fmt(r.runSeconds)} s, floor ${fmt(r.runFloorSeconds)} s, ratio ${fmt(r.runSeconds / r.runFloorSeconds, 3)}; ` +
      `sent ${r.sent}/${r.users}, emailed twice ${r.emailedTwice}, 429s ${r.http429}, requests/user ${fmt(r.requestsPerUser, 2)}, peak RSS ${fmt(r.peakRssMb)} MB (simulator included)`,
  );
}
