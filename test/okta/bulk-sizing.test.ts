import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSUMED_CONCURRENCY_LIMIT, CONCURRENCY_SHARE, lifecycleConcurrency, MIN_CONCURRENCY } from '../../src/okta/lifecycle-concurrency.ts';
import { chooseLookup, OrgSizeMemory, ORG_SIZE_MEMORY_MS } from '../../src/okta/lookup-strategy.ts';
import { RateLimitPacer, type PacerClock, type RateLimitSnapshot } from '../../src/okta/rate-limit-pacer.ts';
import { buildSearchBatches } from '../../src/okta/search-batches.ts';
import { MAX_URL_CHARS, nextLink, searchBudget, searchUrl } from '../../src/okta/users-pages.ts';

// Issue 15: how lookups and runs are sized, as pure decisions (the simulator tests are in
// test/integration/bulk-lookups.test.ts and adaptive-concurrency.test.ts).

function fixedClock(start = 1_800_000_000_000) {
  let now = start;
  const clock: PacerClock = { now: () => now, sleep: async (ms) => void (now += ms) };
  return {
    clock,
    advance: (ms: number) => (now += ms),
    /** To the next whole second: a window's first answer then shows all of it. */
    nextSecond: () => (now = Math.ceil((now + 1) / 1000) * 1000),
    get now() {
      return now;
    },
  };
}

/** One answered request in `bucket` that took `tookMs`, in a window of `windowSeconds` starting now. */
async function answer(pacer: RateLimitPacer, t: ReturnType<typeof fixedClock>, bucket: string, over: Partial<RateLimitSnapshot> & { tookMs: number; windowSeconds: number }) {
  const slot = await pacer.acquire(bucket);
  const reset = Math.floor(t.now / 1000) + over.windowSeconds;
  t.advance(over.tookMs);
  pacer.settle(bucket, { status: 200, limit: 600, remaining: 500, resetEpochSeconds: reset, serverDateMs: t.now, ...over }, slot);
}

test('lookup choice: few searches are sent as they are; many are replaced by a listing with a page budget below them', () => {
  assert.deepEqual(chooseLookup({ searches: 2, orgSize: null, listBudget: null }), { kind: 'search' });
  assert.deepEqual(chooseLookup({ searches: 33, orgSize: null, listBudget: null }), { kind: 'list', maxPages: 32 });
  assert.deepEqual(chooseLookup({ searches: 33, orgSize: null, listBudget: 300 }), { kind: 'list', maxPages: 32 }, '33 of 300 a minute is no small share');
  assert.deepEqual(chooseLookup({ searches: 33, orgSize: null, listBudget: 3000 }), { kind: 'search' }, 'a generous bucket has room: 8 searches at a time beat pages one after the other');
  assert.deepEqual(chooseLookup({ searches: 33, orgSize: { pages: 25, complete: true, at: 0 }, listBudget: null }), { kind: 'list', maxPages: 32 });
  assert.deepEqual(chooseLookup({ searches: 26, orgSize: { pages: 25, complete: true, at: 0 }, listBudget: null }), { kind: 'search' }, 'no cheaper than last time');
  assert.deepEqual(chooseLookup({ searches: 20, orgSize: { pages: 19, complete: false, at: 0 }, listBudget: null }), { kind: 'search' }, 'given up at 19 pages: it has more');
});

test('what a listing learned is kept an hour, and a given-up listing never lowers a known size', () => {
  const t = fixedClock();
  const memory = new OrgSizeMemory(() => t.now);
  memory.learn(25, true);
  memory.learn(10, false);
  assert.equal(memory.get()?.pages, 25);
  t.advance(ORG_SIZE_MEMORY_MS + 1);
  assert.equal(memory.get(), null);
});

test('search batches fill Okta\'s ~4 KB URL: about 30 addresses a search, 1,000 in 34 or fewer', () => {
  const orgUrl = 'https://acme.okta.com';
  const addresses = Array.from({ length: 1000 }, (_, i) => `hire${String(i).padStart(5, '0')}@bench.example`);
  const batches = buildSearchBatches(['profile.login', 'profile.email'], addresses, searchBudget(orgUrl));
  assert.ok(batches.length <= 34, `${batches.length} searches`);
  for (const search of batches) assert.ok(`${searchUrl(orgUrl, search)}&after=00u1abcdefghijklmnop`.length < MAX_URL_CHARS);
});

test('next links: rel="next" among joined Link headers, only on the org\'s own origin', () => {
  const org = 'http://127.0.0.1:8080';
  const self = `<${org}/api/v1/users?search=x>; rel="self"`;
  assert.equal(nextLink(`${self}, <${org}/api/v1/users?search=x&after=00u2>; rel="next"`, org), `${org}/api/v1/users?search=x&after=00u2`);
  assert.equal(nextLink(self, org), null);
  assert.equal(nextLink(`${self}, <https://elsewhere.example/api/v1/users?after=1>; rel="next"`, org), null, 'the token is never sent to another host');
  assert.equal(nextLink(null, org), null);
});

test('lifecycle concurrency: rate × (lifecycle + GET latency) × headroom, at least a few, at most half of Okta\'s concurrency limit', async () => {
  const t = fixedClock();
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  assert.equal(lifecycleConcurrency(pacer), MIN_CONCURRENCY, 'before any answer');
  // 600 a minute, 80 ms each: 10/s × 0.16 s × 2 = 3.2 → the minimum.
  await answer(pacer, t, 'lifecycle', { tookMs: 80, windowSeconds: 60 });
  await answer(pacer, t, 'users-get', { tookMs: 80, windowSeconds: 60 });
  assert.equal(lifecycleConcurrency(pacer), MIN_CONCURRENCY);

  // 100 a second, 30 ms each: 100 × 0.06 × 2 = 12.
  const fast = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  t.nextSecond();
  await answer(fast, t, 'lifecycle', { tookMs: 30, windowSeconds: 1, limit: 100, remaining: 99 });
  await answer(fast, t, 'users-get', { tookMs: 30, windowSeconds: 1, limit: 200, remaining: 199 });
  const suggested = lifecycleConcurrency(fast);
  assert.ok(suggested >= 11 && suggested <= 13, `about 12: ${suggested}`);

  // 1,000 a second: capped at half the assumed concurrency limit, then at half of the one Okta told.
  const huge = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  await answer(huge, t, 'lifecycle', { tookMs: 50, windowSeconds: 1, limit: 1000, remaining: 999 });
  assert.equal(lifecycleConcurrency(huge), Math.floor(ASSUMED_CONCURRENCY_LIMIT * CONCURRENCY_SHARE));
  const slot = await huge.acquire('lifecycle');
  huge.settle('lifecycle', { status: 429, limit: 20, remaining: 0, resetEpochSeconds: Math.floor(t.now / 1000) + 1, serverDateMs: t.now }, slot);
  assert.equal(huge.concurrencyLimit, 20);
  assert.equal(lifecycleConcurrency(huge), 10);
});

test('OKTA_RATE_LIMIT_RESERVE lowers the rate the run sizes itself for', async () => {
  const t = fixedClock();
  const open = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  const reserved = new RateLimitPacer(t.clock, { resetMarginMs: 0, reserve: 50 });
  for (const pacer of [open, reserved]) {
    t.nextSecond();
    await answer(pacer, t, 'lifecycle', { tookMs: 20, windowSeconds: 1, limit: 100, remaining: 99 });
    await answer(pacer, t, 'users-get', { tookMs: 20, windowSeconds: 1, limit: 100, remaining: 99 });
  }
  assert.ok(lifecycleConcurrency(reserved) < lifecycleConcurrency(open), `${lifecycleConcurrency(reserved)} < ${lifecycleConcurrency(open)}`);
});
