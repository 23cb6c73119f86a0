import type { RateLimitPacer } from './rate-limit-pacer.ts';

/**
 * How many users a run should have in progress at once so that the org's lifecycle bucket stays
 * busy: Little's law, calls in flight = rate × time per call. Each user of a run costs one GET
 * (the re-read right before the call) and one lifecycle call, one after the other, so the time
 * per user is the two buckets' observed latencies added; HEADROOM covers the bot's own work in
 * between (suppression claim, the run's journal) and jitter. More would only queue in the pacer
 * (each with an older re-read); fewer leaves the bucket idle, as a fixed 8 did at 100 calls/s.
 */
export const HEADROOM = 2;

/**
 * Okta's concurrent-request limit is not sent until it is exceeded (a 429 whose headers describe
 * it). Until then the lowest documented one is assumed: 35 (developer and free orgs; Workforce
 * orgs have 75). The run takes at most this share of it, leaving the rest to the bot's own
 * lookups (8 searches at most) and to the org's other API clients.
 */
export const ASSUMED_CONCURRENCY_LIMIT = 35;
export const CONCURRENCY_SHARE = 0.5;

/**
 * Never fewer than this (unless the concurrency cap is smaller), also before the lifecycle
 * bucket's first answer: a call Okta is slow to answer (or never answers, until
 * OKTA_TIMEOUT_SECONDS) holds its worker, and the others must go on meanwhile. Latency is
 * measured on answered calls only, so the rule alone would not see a hung one.
 */
export const MIN_CONCURRENCY = 4;

export function lifecycleConcurrency(pacer: RateLimitPacer): number {
  const cap = Math.max(1, Math.floor((pacer.concurrencyLimit ?? ASSUMED_CONCURRENCY_LIMIT) * CONCURRENCY_SHARE));
  const lifecycle = pacer.bucketInfo('lifecycle');
  if (!lifecycle || lifecycle.latencyMs === null) return Math.min(cap, MIN_CONCURRENCY);
  // The budget already leaves OKTA_RATE_LIMIT_RESERVE to others; the window is as the pacer saw it (margin included).
  const perSecond = lifecycle.budget / (lifecycle.windowMs / 1000);
  const perUserMs = lifecycle.latencyMs + (pacer.latencyOf('users-get') ?? lifecycle.latencyMs);
  return Math.min(cap, Math.max(MIN_CONCURRENCY, Math.ceil((perSecond * perUserMs * HEADROOM) / 1000)));
}
