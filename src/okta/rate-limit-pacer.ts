import { RateLimitWaitError } from './okta-call-errors.ts';

/**
 * Paces requests per Okta rate-limit bucket from the X-Rate-Limit-* headers, so a bulk run spends
 * the budget it is given and waits for the window to reset instead of crashing into 429s (which
 * still burn quota and log rate_limit.violation events in the org).
 */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RateLimitSnapshot {
  readonly status: number;
  readonly limit: number | null;
  readonly remaining: number | null;
  /** X-Rate-Limit-Reset: UTC epoch seconds. */
  readonly resetEpochSeconds: number | null;
  /** The Date header, in ms, to correct for clock skew. */
  readonly serverDateMs: number | null;
}

interface BucketState {
  limit: number | null;
  remaining: number;
  /** When the window resets, on our clock (moves as the skew estimate improves). */
  resetAtMs: number;
  /** The window's X-Rate-Limit-Reset as Okta sent it: what tells windows apart. */
  resetEpochSeconds: number | null;
  /** Requests sent and not yet settled. */
  readonly inFlight: Set<PacerSlot>;
  /** Moving average of the time Okta took to answer (slot granted to answer read), null before the first answer. */
  latencyMs: number | null;
  /**
   * The window's length as seen from here: the longest time to a reset any answer showed (an
   * answer early in a window shows nearly all of it, margin included). Okta's windows are a
   * minute, but the headers never say so; until an answer shows more, it is the first one's.
   */
  windowMs: number;
}

/** What the pacer has learned of one bucket (see RateLimitPacer.bucketInfo). */
export interface BucketInfo {
  /** Requests per window left to this bot: Okta's limit less OKTA_RATE_LIMIT_RESERVE. */
  readonly budget: number;
  readonly windowMs: number;
  readonly latencyMs: number | null;
}

/** One request attempt and how it ended, as the executor reports it (see RateLimitPacer.onAttempt). */
export interface PacedAttempt {
  readonly method: string;
  /** The full URL: whoever reads it must template ids out before keeping it. */
  readonly url: string;
  /** The HTTP status, or why none came. */
  readonly status: number | 'timeout' | 'no_answer';
}

/** Weight of the newest latency in the moving average: about the last ten answers count. */
const LATENCY_WEIGHT = 0.2;

/** One request's place in its bucket, from `acquire` to `settle`. */
export interface PacerSlot {
  /** When it was granted, on the pacer's clock. */
  readonly startedAt: number;
}

export interface PacerOptions {
  /** Requests left unspent in every window, for the org's other API clients. */
  readonly reserve?: number;
  /** Added after the reset time before sending again: Okta's clock and ours differ a little. */
  readonly resetMarginMs?: number;
  /**
   * OKTA_MAX_WAIT_SECONDS: the longest `acquire` may wait for a window to reset. A longer wait is
   * not slept: `acquire` throws a RateLimitWaitError at once, with the reset time to tell the
   * requester. Default: no cap.
   */
  readonly maxWaitMs?: number;
  /**
   * While a bucket's limit is unknown, requests go one at a time; a request unanswered for this
   * long no longer counts, so one hung first request cannot hold everyone else until it times out.
   */
  readonly probeMs?: number;
}

/** Default probe time: Okta answers in well under a second; longer means it may never answer. */
const DEFAULT_PROBE_MS = 1500;

/**
 * Okta's windows are per minute, so a reset more than this far ahead of the response's Date is
 * not a window: it is a lie (a misbehaving proxy, a stepped clock). Obeying it would stall the
 * bucket for as long as it says, an hour in the case seen. It is clamped instead (see clampReset).
 */
export const MAX_PLAUSIBLE_RESET_AHEAD_MS = 120_000;

/** Readings kept for the clock skew: enough for the truncation error to shrink, few enough to follow a clock that is stepped. */
const SKEW_READINGS = 64;

export class RateLimitPacer {
  private readonly buckets = new Map<string, BucketState>();
  /** Recent readings of our clock minus Okta's Date header (see localResetTime). */
  private readonly skewReadings: number[] = [];
  private readonly reserve: number;
  private readonly marginMs: number;
  private readonly maxWaitMs: number;
  private readonly probeMs: number;
  /** Total time callers spent waiting for a window, for reports and the benchmark. */
  waitedMs = 0;
  /** Resets too far ahead to be true that were clamped to a minute (see MAX_PLAUSIBLE_RESET_AHEAD_MS). */
  implausibleResets = 0;
  /**
   * Okta's concurrent-request limit, once a concurrency 429 has told it (its X-Rate-Limit-Limit);
   * null before: Okta does not send it otherwise.
   */
  concurrencyLimit: number | null = null;
  /**
   * Told of every attempt sent through this pacer, retried 429s included (the executor reports
   * them here because the pacer is what the runtime hands out): metrics. Must not throw.
   */
  onAttempt: ((attempt: PacedAttempt) => void) | null = null;

  constructor(
    private readonly clock: PacerClock = realClock,
    options: PacerOptions = {},
  ) {
    this.reserve = options.reserve ?? 0;
    this.marginMs = options.resetMarginMs ?? 100;
    this.maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    this.probeMs = options.probeMs ?? DEFAULT_PROBE_MS;
  }

  /**
   * Resolves when one more request may go to this bucket; pass the slot to `settle`. Throws a
   * RateLimitWaitError, without waiting, when the window resets further ahead than maxWaitMs.
   */
  async acquire(bucket: string): Promise<PacerSlot> {
    const state = this.state(bucket);
    const startedAt = this.clock.now();
    for (;;) {
      const now = this.clock.now();
      if (state.limit !== null && now >= state.resetAtMs) {
        // A new window: assume the full budget until a response says otherwise.
        state.remaining = state.limit;
        state.resetAtMs = Number.POSITIVE_INFINITY;
      }
      // Until the first response tells us the limit, send one request at a time (probes); a probe
      // unanswered for probeMs stops counting, so a hung one does not hold the bucket.
      const unknown = state.limit === null;
      const available = unknown
        ? 1 - this.countProbes(state, now)
        : state.remaining - state.inFlight.size - this.reserveFor(state.limit ?? 0);
      if (available > 0) {
        const slot: PacerSlot = { startedAt: now };
        state.inFlight.add(slot);
        return slot;
      }
      const windowKnown = !unknown && Number.isFinite(state.resetAtMs);
      const waitMs = windowKnown ? Math.max(10, state.resetAtMs - now) : 25;
      if (windowKnown && now + waitMs - startedAt > this.maxWaitMs) throw new RateLimitWaitError(bucket, state.resetAtMs);
      this.waitedMs += waitMs;
      await this.clock.sleep(waitMs);
    }
  }

  /**
   * Records a response's headers (or, with null, a request that got no answer: a network failure
   * or a timeout) and frees the slot. Without a slot, the oldest one in the bucket is freed.
   */
  settle(bucket: string, answer: RateLimitSnapshot | null, slot?: PacerSlot): void {
    const state = this.state(bucket);
    const freed = slot ?? state.inFlight.values().next().value;
    if (freed) state.inFlight.delete(freed);
    // Only a request's own slot times it; a 429 is answered at once and says nothing of Okta's latency.
    if (slot && answer && answer.status !== 429) {
      const took = this.clock.now() - slot.startedAt;
      state.latencyMs = state.latencyMs === null ? took : state.latencyMs + LATENCY_WEIGHT * (took - state.latencyMs);
    }
    if (!answer || answer.remaining === null || answer.resetEpochSeconds === null || answer.limit === null) return;
    const snapshot = {
      status: answer.status,
      limit: answer.limit,
      remaining: answer.remaining,
      resetEpochSeconds: this.clampReset(answer.resetEpochSeconds, answer.serverDateMs),
      serverDateMs: answer.serverDateMs,
    };
    const resetAtMs = this.localResetTime(snapshot.resetEpochSeconds, snapshot.serverDateMs);
    const isConcurrency429 = snapshot.status === 429 && state.limit !== null && snapshot.limit !== state.limit;
    if (isConcurrency429) {
      // Over the concurrency limit: the headers describe concurrency, not this bucket. Pause
      // briefly; the next answer about the bucket itself is taken as it comes, as after a reset.
      state.remaining = 0;
      state.resetAtMs = Math.min(state.resetAtMs, resetAtMs);
      state.resetEpochSeconds = null;
      this.concurrencyLimit = snapshot.limit;
      return;
    }
    // A late answer about a window that is over already (or older than the one we know) says
    // nothing about the current one: taking it would reset our count and overspend. Windows are
    // told apart by Okta's own reset second, which does not move with our skew estimate.
    const known = state.resetEpochSeconds;
    if (resetAtMs <= this.clock.now() || (known !== null && snapshot.resetEpochSeconds < known)) return;
    if (state.limit === null || known === null || snapshot.resetEpochSeconds > known || !Number.isFinite(state.resetAtMs)) {
      state.remaining = snapshot.remaining;
    } else {
      // Responses to concurrent requests arrive out of order: the lowest count is the freshest.
      state.remaining = Math.min(state.remaining, snapshot.remaining);
    }
    state.limit = snapshot.limit;
    state.resetAtMs = resetAtMs;
    state.resetEpochSeconds = snapshot.resetEpochSeconds;
    state.windowMs = Math.max(state.windowMs, resetAtMs - this.clock.now());
  }

  /** The bucket's budget, window and latency as far as answers told them; null before its first answer with rate-limit headers. */
  bucketInfo(bucket: string): BucketInfo | null {
    const state = this.buckets.get(bucket);
    if (!state || state.limit === null || state.windowMs <= 0) return null;
    return { budget: state.limit - this.reserveFor(state.limit), windowMs: state.windowMs, latencyMs: state.latencyMs };
  }

  /** The moving average of Okta's answer time in this bucket, null before the first answer. */
  latencyOf(bucket: string): number | null {
    return this.buckets.get(bucket)?.latencyMs ?? null;
  }

  /**
   * A reset further ahead than any per-minute window can be (see MAX_PLAUSIBLE_RESET_AHEAD_MS) is
   * taken as one full window after Okta's Date instead, the latest a true per-minute window can
   * end (so it is never earlier than the window we know): the bucket pauses at most a minute, the
   * next request finds out whether the limit is really still used up (a second such answer pauses
   * it again), and a wait longer than maxWaitMs is still refused at once, with that time.
   */
  private clampReset(resetEpochSeconds: number, serverDateMs: number | null): number {
    const serverNowMs = serverDateMs ?? this.clock.now();
    if (resetEpochSeconds * 1000 - serverNowMs <= MAX_PLAUSIBLE_RESET_AHEAD_MS) return resetEpochSeconds;
    this.implausibleResets += 1;
    return Math.floor(serverNowMs / 1000) + 60;
  }

  /** Probes still awaited: those sent less than probeMs ago. */
  private countProbes(state: BucketState, now: number): number {
    let count = 0;
    for (const slot of state.inFlight) if (now - slot.startedAt < this.probeMs) count += 1;
    return count;
  }

  /**
   * OKTA_RATE_LIMIT_RESERVE leaves requests to other clients, but never the whole window: a
   * reserve at or above a bucket's limit would stall every run forever, so one request per
   * window always remains ours.
   */
  private reserveFor(limit: number): number {
    return Math.max(0, Math.min(this.reserve, limit - 1));
  }

  /**
   * Okta's reset is in its clock's epoch seconds, so it is moved onto ours by the skew between the
   * clocks. A Date header is truncated to the second and read after the network delay: each
   * reading (our clock minus Date) is the skew plus up to a second more, never less. The smallest
   * of the recent readings approaches the skew from above, which errs on the side of waiting; a
   * server clock even a second behind ours would otherwise have us send into a window not yet open.
   */
  private localResetTime(resetEpochSeconds: number, serverDateMs: number | null): number {
    if (serverDateMs !== null) {
      this.skewReadings.push(this.clock.now() - serverDateMs);
      if (this.skewReadings.length > SKEW_READINGS) this.skewReadings.shift();
    }
    const skew = this.skewReadings.length === 0 ? 0 : Math.min(...this.skewReadings);
    return resetEpochSeconds * 1000 + skew + this.marginMs;
  }

  private state(bucket: string): BucketState {
    let state = this.buckets.get(bucket);
    if (!state) {
      state = { limit: null, remaining: 0, resetAtMs: Number.POSITIVE_INFINITY, resetEpochSeconds: null, inFlight: new Set(), latencyMs: null, windowMs: 0 };
      this.buckets.set(bucket, state);
    }
    return state;
  }
}

/** Okta's rate-limit buckets this bot touches, from the request's method and path. */
export function bucketFor(method: string, url: string): string {
  const path = new URL(url).pathname;
  if (/\/api\/v1\/users\/[^/]+\/lifecycle\//.test(path)) return 'lifecycle';
  // Okta's smallest bucket (50–120 a minute), its own: a log read never spends the users' budget.
  if (/\/api\/v1\/logs\/?$/.test(path)) return 'logs';
  if (/\/api\/v1\/users\/?$/.test(path)) return 'users-list';
  if (/\/api\/v1\/users\/[^/]+\/?$/.test(path) && method.toUpperCase() === 'GET') return 'users-get';
  return `${method.toUpperCase()} ${path.replace(/\/00u[A-Za-z0-9]+/g, '/{id}')}`;
}
