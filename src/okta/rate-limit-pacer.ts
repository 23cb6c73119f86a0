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
  inFlight: number;
}

export interface PacerOptions {
  /** Requests left unspent in every window, for the org's other API clients. */
  readonly reserve?: number;
  /** Added after the reset time before sending again: Okta's clock and ours differ a little. */
  readonly resetMarginMs?: number;
}

/** Readings kept for the clock skew: enough for the truncation error to shrink, few enough to follow a clock that is stepped. */
const SKEW_READINGS = 64;

export class RateLimitPacer {
  private readonly buckets = new Map<string, BucketState>();
  /** Recent readings of our clock minus Okta's Date header (see localResetTime). */
  private readonly skewReadings: number[] = [];
  private readonly reserve: number;
  private readonly marginMs: number;
  /** Total time callers spent waiting for a window, for reports and the benchmark. */
  waitedMs = 0;

  constructor(
    private readonly clock: PacerClock = realClock,
    options: PacerOptions = {},
  ) {
    this.reserve = options.reserve ?? 0;
    this.marginMs = options.resetMarginMs ?? 100;
  }

  /** Resolves when one more request may go to this bucket; pair with `settle`. */
  async acquire(bucket: string): Promise<void> {
    const state = this.state(bucket);
    for (;;) {
      const now = this.clock.now();
      if (state.limit !== null && now >= state.resetAtMs) {
        // A new window: assume the full budget until a response says otherwise.
        state.remaining = state.limit;
        state.resetAtMs = Number.POSITIVE_INFINITY;
      }
      // Until the first response tells us the limit, send one request at a time.
      const unknown = state.limit === null;
      const available = unknown ? 1 - state.inFlight : state.remaining - state.inFlight - this.reserveFor(state.limit ?? 0);
      if (available > 0) {
        state.inFlight += 1;
        return;
      }
      const waitMs = unknown || !Number.isFinite(state.resetAtMs) ? 25 : Math.max(10, state.resetAtMs - now);
      this.waitedMs += waitMs;
      await this.clock.sleep(waitMs);
    }
  }

  /** Records a response's headers (or a network failure, with null) and frees the slot. */
  settle(bucket: string, snapshot: RateLimitSnapshot | null): void {
    const state = this.state(bucket);
    state.inFlight = Math.max(0, state.inFlight - 1);
    if (!snapshot || snapshot.remaining === null || snapshot.resetEpochSeconds === null || snapshot.limit === null) return;
    const resetAtMs = this.localResetTime(snapshot.resetEpochSeconds, snapshot.serverDateMs);
    const isConcurrency429 = snapshot.status === 429 && state.limit !== null && snapshot.limit !== state.limit;
    if (isConcurrency429) {
      // Over the concurrency limit: the headers describe concurrency, not this bucket. Pause
      // briefly; the next answer about the bucket itself is taken as it comes, as after a reset.
      state.remaining = 0;
      state.resetAtMs = Math.min(state.resetAtMs, resetAtMs);
      state.resetEpochSeconds = null;
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
      state = { limit: null, remaining: 0, resetAtMs: Number.POSITIVE_INFINITY, resetEpochSeconds: null, inFlight: 0 };
      this.buckets.set(bucket, state);
    }
    return state;
  }
}

/** Okta's rate-limit buckets this bot touches, from the request's method and path. */
export function bucketFor(method: string, url: string): string {
  const path = new URL(url).pathname;
  if (/\/api\/v1\/users\/[^/]+\/lifecycle\//.test(path)) return 'lifecycle';
  if (/\/api\/v1\/users\/?$/.test(path)) return 'users-list';
  if (/\/api\/v1\/users\/[^/]+\/?$/.test(path) && method.toUpperCase() === 'GET') return 'users-get';
  return `${method.toUpperCase()} ${path.replace(/\/00u[A-Za-z0-9]+/g, '/{id}')}`;
}
