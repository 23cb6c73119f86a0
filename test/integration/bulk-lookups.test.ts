import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Requester } from '../../src/core/requester.ts';
import type { PrepareOutcome } from '../../src/core/resend-service.ts';
import type { Plan } from '../../src/core/plan.ts';
import type { CallRecord, SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { MAX_URL_CHARS } from '../../src/okta/users-pages.ts';
import { withSimulatedRuntime, type SimulatedRuntime } from '../support/okta-runtime.ts';

// Issue 15, point 1: large lists are resolved by searches as long as Okta's URL allows (paged by
// the Link header read in the gateway), or by listing the org by status and matching locally when
// that takes fewer requests. Either way the answers are the ones a search gives: ambiguity,
// login-vs-email, ids, not found and search lag exactly as before. The simulator's call log says
// which requests reached "Okta".

const helen: Requester = { surface: 'slack', userId: 'U2147483697', email: 'helen@corp.example', displayName: 'helen', groupIds: [] };
const D = 'corp.example';

function hires(count: number, status: SimulatorSeedUser['status'] = 'PROVISIONED', prefix = 'hire'): SimulatorSeedUser[] {
  return Array.from({ length: count }, (_, i) => ({ login: `${prefix}${String(i).padStart(4, '0')}@${D}`, status }));
}

function planned(outcome: PrepareOutcome): Plan {
  assert.equal(outcome.kind, 'planned', outcome.kind === 'planned' ? '' : outcome.message);
  return (outcome as Extract<PrepareOutcome, { kind: 'planned' }>).plan;
}

const searches = (rt: SimulatedRuntime): CallRecord[] => rt.sim.calls.filter((call) => call.bucket === 'users-list');
const listingPages = (rt: SimulatedRuntime) => searches(rt).filter((call) => (call.query['search'] ?? '').startsWith('status eq'));
const identifierSearches = (rt: SimulatedRuntime) => searches(rt).filter((call) => !(call.query['search'] ?? '').startsWith('status eq'));
const gets = (rt: SimulatedRuntime) => rt.sim.calls.filter((call) => call.bucket === 'users-get');

/** The URL length as the gateway sends it (encodeURIComponent), for Okta's ~4 KB limit. */
function urlLength(rt: SimulatedRuntime, call: CallRecord): number {
  const query = Object.entries(call.query).map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return `${rt.sim.url}${call.path}?${query}`.length;
}

/** What each identifier resolved to, as the plan says it: a decision and the matched logins. */
function outcomes(plan: Plan): Array<[string, string, string[]]> {
  return plan.entries.map((entry) => [
    entry.identifier.raw,
    entry.decision.kind === 'send' ? entry.decision.action : entry.decision.reason,
    entry.matches.map((user) => user.login).sort(),
  ]);
}

/**
 * An org with the cases search must keep: an address that is one user's login and another's
 * email (the second ACTIVE, outside the statuses the bot sends to), an email two users share, a
 * user whose login differs from their email, and many ACTIVE colleagues.
 */
function trickyOrg(activeCount: number): SimulatorSeedUser[] {
  return [
    ...hires(100),
    ...hires(activeCount, 'ACTIVE', 'staff'),
    { login: `dual@${D}`, status: 'PROVISIONED' },
    { login: `dual.owner@${D}`, email: `dual@${D}`, status: 'ACTIVE' },
    { login: `twin.a@${D}`, email: `twins@${D}`, status: 'PROVISIONED' },
    { login: `twin.b@${D}`, email: `twins@${D}`, status: 'STAGED' },
    { login: `alias.login@${D}`, email: `Real.Address@${D}`, status: 'STAGED' },
    { login: `by.id@${D}`, status: 'RECOVERY', activated: null },
  ];
}

/** 100 hires (mixed case), the tricky ones, an id and a stranger. */
function trickyList(rt: SimulatedRuntime): string[] {
  const byId = rt.sim.getUser(`by.id@${D}`)!.id;
  return [...hires(100).map((u) => u.login.toUpperCase()), `dual@${D}`, `twins@${D}`, `real.address@${D}`, byId, `nobody@${D}`];
}

const expectedTricky = (rt: SimulatedRuntime): Array<[string, string, string[]]> => [
  ...hires(100).map((u): [string, string, string[]] => [u.login.toUpperCase(), 'reactivate', [u.login]]),
  [`dual@${D}`, 'ambiguous', [`dual.owner@${D}`, `dual@${D}`]],
  [`twins@${D}`, 'ambiguous', [`twin.a@${D}`, `twin.b@${D}`]],
  [`real.address@${D}`, 'activate', [`alias.login@${D}`]],
  [rt.sim.getUser(`by.id@${D}`)!.id, 'reactivate', [`by.id@${D}`]],
  [`nobody@${D}`, 'not_found', []],
];

test('an org smaller than the searches it would take is listed by status and matched locally: same answers, fewer requests', async () => {
  // 100 + 200 + 6 users: 2 listing pages of ACTIVE, 1 of the rest; the 104 addresses and 1 id take 5 searches.
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator: { users: trickyOrg(200) } }, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: trickyList(rt).join('\n') }));
    assert.deepEqual(outcomes(plan), expectedTricky(rt));
    assert.deepEqual(rt.directory.finder.lastChoice, { kind: 'list', maxPages: 4 });
    assert.equal(listingPages(rt).length, 3, 'the whole org, every status, 200 a page');
    assert.equal(identifierSearches(rt).length, 0, 'no search by identifier');
    assert.deepEqual(gets(rt).map((call) => call.path), [`/api/v1/users/nobody%40${D}`], 'only the stranger is read again by GET');
    assert.equal(rt.sim.count429(), 0);
  });
});

test('an org bigger than the searches: the listing is given up at its page budget, searches answer the same, and the next list is searched at once', async () => {
  // 100 + 1,000 + 6 users: 6 pages; the list takes 5 searches, so the listing may take 4.
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator: { users: trickyOrg(1000) } }, async (rt) => {
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: trickyList(rt).join('\n') }));
    assert.deepEqual(outcomes(plan), expectedTricky(rt));
    assert.ok(listingPages(rt).length <= 4, `the listing stopped at its budget: ${listingPages(rt).length} pages`);
    assert.equal(identifierSearches(rt).length, 5, 'then one search per ~30 addresses (and one for the id)');
    for (const call of searches(rt)) assert.ok(urlLength(rt, call) < MAX_URL_CHARS, `URL of ${urlLength(rt, call)} characters`);

    rt.sim.clearLogs();
    const again = planned(await rt.service.prepare(helen, { kind: 'text', text: trickyList(rt).join('\n') }));
    assert.deepEqual(outcomes(again), expectedTricky(rt));
    assert.equal(rt.directory.finder.lastChoice?.kind, 'search', 'the org is known to be bigger: no second listing');
    assert.equal(listingPages(rt).length, 0);
    assert.equal(identifierSearches(rt).length, 5);
  });
});

test('a search whose answer needs a second page is followed through the Link header, even with a ~4 KB search in it', async () => {
  // 250 users share one email; 29 more addresses make the search long (its Link header is far
  // over the 2,000 characters the SDK's own parser reads).
  const shared = Array.from({ length: 250 }, (_, i): SimulatorSeedUser => ({ login: `contractor${i}@vendor.example`, email: `team@${D}`, status: 'PROVISIONED' }));
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator: { users: [...shared, ...hires(29)] } }, async (rt) => {
    const list = [`team@${D}`, ...hires(29).map((u) => u.login)];
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: list.join('\n') }));
    assert.equal(plan.entries[0]?.decision.kind === 'skip' && plan.entries[0].decision.reason, 'ambiguous');
    assert.equal(plan.entries[0]?.matches.length, 250, 'every match, from both pages');
    assert.ok(plan.entries.slice(1).every((entry) => entry.decision.kind === 'send'));
    const calls = identifierSearches(rt);
    assert.equal(calls.length, 2, 'one search, two pages');
    assert.equal(calls[0]?.query['search'], calls[1]?.query['search'], 'the next link repeats the search');
    assert.ok(calls[1]?.query['after'], 'the second page is asked for with Okta\'s cursor');
    assert.ok(urlLength(rt, calls[0]!) > 3000 && urlLength(rt, calls[1]!) < MAX_URL_CHARS, `long, and still under ~4 KB: ${urlLength(rt, calls[1]!)}`);
    assert.equal(listingPages(rt).length, 0, 'one search is never worth a listing');
  });
});

test('search lag on the listing path: a user created a moment ago is not listed, is found by GET and emailed once', async () => {
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator: { searchLagMs: 60_000, users: hires(150) } }, async (rt) => {
    const fresh = rt.sim.addUser({ login: `fresh.hire@${D}`, status: 'STAGED' });
    const plan = planned(await rt.service.prepare(helen, { kind: 'text', text: [...hires(150).map((u) => u.login), `Fresh.Hire@${D}`].join('\n') }));
    assert.equal(rt.directory.finder.lastChoice?.kind, 'list');
    assert.equal(listingPages(rt).length, 2, 'ACTIVE (empty) and the rest (150 users, one page)');
    assert.deepEqual(gets(rt).map((call) => call.path), [`/api/v1/users/fresh.hire%40${D}`], 'only what the listing missed is read again');
    assert.deepEqual(plan.entries.at(-1)?.user?.id, fresh.id);
    assert.equal(plan.counts.send, 151);
  });
});
