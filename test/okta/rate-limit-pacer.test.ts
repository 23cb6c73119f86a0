import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketFor, RateLimitPacer, type PacerClock, type RateLimitSnapshot } from '../../src/okta/rate-limit-pacer.ts';
import { RateLimitWaitError } from '../../src/okta/okta-call-errors.ts';

/** A clock that records the waits the pacer asks for and jumps time forward (ky-style timing tests). */
function fakeClock(start = 1_800_000_000_000) {
  const waits: number[] = [];
  let now = start;
  const clock: PacerClock = {
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
      // Yield to the event loop so a test can answer while the pacer waits.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return { clock, waits, advance: (ms: number) => (now += ms), get now() { return now; } };
}

const snapshot = (over: Partial<RateLimitSnapshot>): RateLimitSnapshot => ({
  status: 200,
  limit: 10,
  remaining: 9,
  resetEpochSeconds: null,
  serverDateMs: null,
  ...over,
});

test('sends one request at a time until the first response tells the limit', async () => {
  const t = fakeClock();
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  await pacer.acquire('lifecycle');
  let second = false;
  const pending = pacer.acquire('lifecycle').then(() => (second = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(second, false, 'second request must wait for the first response');
  pacer.settle('lifecycle', snapshot({ resetEpochSeconds: Math.ceil(t.now / 1000) + 60, serverDateMs: t.now }));
  await pending;
  assert.equal(second, true);
});

test('spends the remaining budget, then waits exactly until the window resets', async () => {
  const t = fakeClock(1_800_000_000_000);
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  const reset = 1_800_000_060; // 60 s ahead
  await pacer.acquire('lifecycle');
  pacer.settle('lifecycle', snapshot({ limit: 3, remaining: 2, resetEpochSeconds: reset, serverDateMs: t.now }));
  await pacer.acquire('lifecycle');
  pacer.settle('lifecycle', snapshot({ limit: 3, remaining: 1, resetEpochSeconds: reset, serverDateMs: t.now }));
  await pacer.acquire('lifecycle');
  pacer.settle('lifecycle', snapshot({ limit: 3, remaining: 0, resetEpochSeconds: reset, serverDateMs: t.now }));
  assert.deepEqual(t.waits, []);
  await pacer.acquire('lifecycle');
  assert.deepEqual(t.waits, [60_000]);
});

test('counts requests in flight against the remaining budget', async () => {
  const t = fakeClock();
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 100, remaining: 2, resetEpochSeconds: Math.floor(t.now / 1000) + 10, serverDateMs: t.now }));
  await pacer.acquire('b');
  await pacer.acquire('b');
  const waiting = pacer.acquire('b');
  await waiting;
  assert.equal(t.waits.length, 1, 'the third concurrent request waited for the reset');
});

test('out-of-order responses in one window keep the lowest remaining count', async () => {
  const t = fakeClock();
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  const reset = Math.floor(t.now / 1000) + 30;
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 5, remaining: 1, resetEpochSeconds: reset, serverDateMs: t.now }));
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 5, remaining: 3, resetEpochSeconds: reset, serverDateMs: t.now })); // stale
  await pacer.acquire('b');
  assert.equal(t.waits.length, 0);
  await pacer.acquire('b');
  assert.equal(t.waits.length, 1, 'remaining stayed at 1, so the second acquire waited');
});

test('a reserve leaves requests unspent for the org’s other clients', async () => {
  const t = fakeClock();
  const pacer = new RateLimitPacer(t.clock, { reserve: 2, resetMarginMs: 0 });
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 10, remaining: 3, resetEpochSeconds: Math.floor(t.now / 1000) + 5, serverDateMs: t.now }));
  await pacer.acquire('b');
  assert.equal(t.waits.length, 0);
  pacer.settle('b', snapshot({ limit: 10, remaining: 2, resetEpochSeconds: Math.floor(t.now / 1000) + 5, serverDateMs: t.now }));
  await pacer.acquire('b');
  assert.equal(t.waits.length, 1);
});

test('a skewed Okta clock is corrected with the Date header', async () => {
  const t = fakeClock(1_800_000_000_000);
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  // Okta's clock is 30 s behind ours: its reset of "now + 10 s" is 10 s from now for us too.
  const serverNow = t.now - 30_000;
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 1, remaining: 0, resetEpochSeconds: serverNow / 1000 + 10, serverDateMs: serverNow }));
  await pacer.acquire('b');
  assert.deepEqual(t.waits, [10_000]);
});

test('a concurrency 429 pauses the bucket without overwriting its limit', async () => {
  const t = fakeClock();
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  const second = Math.floor(t.now / 1000);
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 600, remaining: 500, resetEpochSeconds: second + 60, serverDateMs: t.now }));
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ status: 429, limit: 35, remaining: 0, resetEpochSeconds: second + 1, serverDateMs: t.now }));
  await pacer.acquire('b');
  assert.equal(t.waits.length, 1);
  assert.ok((t.waits[0] ?? 0) <= 1_000, 'waits about a second, not a minute');
});

test('buckets follow Okta’s rate-limit groups', () => {
  assert.equal(bucketFor('POST', 'https://o.okta.com/api/v1/users/00u1/lifecycle/reactivate?sendEmail=true'), 'lifecycle');
  assert.equal(bucketFor('GET', 'https://o.okta.com/api/v1/users?search=x'), 'users-list');
  assert.equal(bucketFor('GET', 'https://o.okta.com/api/v1/users/00u1a2b3c4d5e6f7g8h9'), 'users-get');
});

test('a reserve at or above the limit still leaves one request per window, instead of stalling forever', { timeout: 5_000 }, async () => {
  const t = fakeClock();
  const pacer = new RateLimitPacer(t.clock, { reserve: 1000, resetMarginMs: 0 });
  const reset = Math.floor(t.now / 1000) + 5;
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 3, remaining: 2, resetEpochSeconds: reset, serverDateMs: t.now }));
  await pacer.acquire('b');
  assert.deepEqual(t.waits, [5_000], 'the next request waited for the next window, and got it');
});

test('a late response about a window that is over does not reset the current count', async () => {
  const t = fakeClock(1_800_000_000_000);
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  const firstReset = 1_800_000_010;
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 3, remaining: 2, resetEpochSeconds: firstReset, serverDateMs: t.now }));
  await pacer.acquire('b'); // in flight across the window boundary
  t.advance(10_000); // the window reset
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 3, remaining: 2, resetEpochSeconds: firstReset + 10, serverDateMs: t.now }));
  // The answer to the request sent in the old window arrives now, with the old window's reset.
  pacer.settle('b', snapshot({ limit: 3, remaining: 1, resetEpochSeconds: firstReset, serverDateMs: t.now - 200 }));
  await pacer.acquire('b');
  await pacer.acquire('b');
  assert.deepEqual(t.waits, [], 'two left in the new window: both granted at once');
  await pacer.acquire('b');
  assert.deepEqual(t.waits, [10_000], 'then the new window is spent: the stale answer did not refill it');
});

test('clock skew under a second or two: the reset is moved onto our clock from truncated Date headers, never early', async () => {
  for (const serverBehindMs of [1500, 700, 0, -1500]) {
    const t = fakeClock(1_800_000_000_250);
    const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
    const serverNow = () => t.now - serverBehindMs;
    // Okta's Date header is whole seconds; its reset is in its own clock, 10 s after its "now".
    const dateHeader = () => Math.floor(serverNow() / 1000) * 1000;
    const reset = Math.floor(serverNow() / 1000) + 10;
    for (let remaining = 4; remaining >= 0; remaining -= 1) {
      await pacer.acquire('b');
      t.advance(137); // answers arrive at different sub-second phases
      pacer.settle('b', snapshot({ limit: 5, remaining, resetEpochSeconds: reset, serverDateMs: dateHeader() }));
    }
    await pacer.acquire('b');
    const sentAtServer = serverNow();
    assert.ok(sentAtServer >= reset * 1000, `server ${serverBehindMs} ms behind: sent ${reset * 1000 - sentAtServer} ms before Okta's window opened`);
    assert.ok(sentAtServer - reset * 1000 < 1000, `server ${serverBehindMs} ms behind: waited ${sentAtServer - reset * 1000} ms longer than needed`);
  }
});

test('a concurrency 429 pauses the bucket about a second, and the bucket\'s own next answer is not mistaken for an exhausted window', async () => {
  const t = fakeClock(1_800_000_000_000);
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  const windowReset = 1_800_000_060;
  await pacer.acquire('b');
  pacer.settle('b', snapshot({ limit: 10, remaining: 8, resetEpochSeconds: windowReset, serverDateMs: t.now }));
  await pacer.acquire('b');
  await pacer.acquire('b');
  // One of the two in flight is over the org's concurrency limit: its headers describe
  // concurrency (limit 4), reset in a second. The other answers normally just after.
  pacer.settle('b', snapshot({ status: 429, limit: 4, remaining: 0, resetEpochSeconds: 1_800_000_001, serverDateMs: t.now }));
  pacer.settle('b', snapshot({ limit: 10, remaining: 7, resetEpochSeconds: windowReset, serverDateMs: t.now }));
  await pacer.acquire('b');
  await pacer.acquire('b');
  assert.ok(t.waits.reduce((sum, ms) => sum + ms, 0) <= 1000, `waited ${t.waits.join(' + ')} ms: the window still has budget, only the concurrency pause applies`);
});

test('a probe unanswered for probeMs stops holding a bucket whose limit is unknown', async () => {
  const t = fakeClock();
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0, probeMs: 1500 });
  await pacer.acquire('b'); // hangs: never settled
  await pacer.acquire('b');
  const waited = t.waits.reduce((sum, ms) => sum + ms, 0);
  assert.ok(waited >= 1500 && waited < 1600, `the second request waited ${waited} ms: the probe time, not forever`);
});

test('a request that got no answer frees its own slot at once', async () => {
  const t = fakeClock();
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  const reset = Math.floor(t.now / 1000) + 30;
  pacer.settle('b', snapshot({ limit: 10, remaining: 2, resetEpochSeconds: reset, serverDateMs: t.now }), await pacer.acquire('b'));
  const answered = await pacer.acquire('b');
  const timedOut = await pacer.acquire('b');
  pacer.settle('b', null, timedOut);
  pacer.settle('b', snapshot({ limit: 10, remaining: 1, resetEpochSeconds: reset, serverDateMs: t.now }), answered);
  await pacer.acquire('b');
  assert.deepEqual(t.waits, [], 'the timed-out request no longer counts as in flight');
});

test('a window further away than maxWaitMs is refused at once, with the reset time; a nearer one is waited for', async () => {
  const t = fakeClock(1_800_000_000_000);
  const reset = 1_800_000_060;
  const spend = async (pacer: RateLimitPacer) => {
    pacer.settle('lifecycle', snapshot({ limit: 3, remaining: 0, resetEpochSeconds: reset, serverDateMs: t.now }), await pacer.acquire('lifecycle'));
  };
  const impatient = new RateLimitPacer(t.clock, { resetMarginMs: 0, maxWaitMs: 30_000 });
  await spend(impatient);
  await assert.rejects(impatient.acquire('lifecycle'), (error: Error) => {
    assert.ok(error instanceof RateLimitWaitError);
    assert.equal(error.resetAtMs, reset * 1000);
    assert.equal(error.message, "Okta's rate limit for lifecycle calls is used up until 08:01:00 UTC.");
    return true;
  });
  assert.deepEqual(t.waits, [], 'refused without sleeping');
  const patient = new RateLimitPacer(t.clock, { resetMarginMs: 0, maxWaitMs: 75_000 });
  await spend(patient);
  await patient.acquire('lifecycle');
  assert.deepEqual(t.waits, [60_000]);
});

test('a reset an hour after Okta’s Date is not obeyed: it is clamped to a minute', async () => {
  const t = fakeClock(1_800_000_000_000);
  const pacer = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  const serverSeconds = t.now / 1000;
  pacer.settle('b', snapshot({ status: 429, limit: 600, remaining: 0, resetEpochSeconds: serverSeconds + 3600, serverDateMs: t.now }), await pacer.acquire('b'));
  await pacer.acquire('b');
  assert.deepEqual(t.waits, [60_000], 'one window at most, not an hour');
  assert.equal(pacer.implausibleResets, 1);
  // Two minutes ahead is still believed (Okta's headers are whole seconds, read after a delay).
  const believed = new RateLimitPacer(t.clock, { resetMarginMs: 0 });
  believed.settle('c', snapshot({ status: 429, limit: 600, remaining: 0, resetEpochSeconds: Math.floor(t.now / 1000) + 90, serverDateMs: t.now }), await believed.acquire('c'));
  assert.equal(believed.implausibleResets, 0);
});
