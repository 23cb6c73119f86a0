// Fixed-window rate limits per bucket, and Okta's concurrent-request limit.
import type { Bucket, RateLimitRule } from './types.ts';

/** Defaults from the project's fact sheet (per-minute org limits for these endpoints). */
export const DEFAULT_RATE_LIMITS: Record<Bucket, RateLimitRule> = {
  'users-get': { limit: 2000, windowSeconds: 60 },
  'users-list': { limit: 600, windowSeconds: 60 },
  lifecycle: { limit: 600, windowSeconds: 60 },
  // Okta: /api/v1/logs gets 50 (developer) to 120 a minute; a round number in between.
  logs: { limit: 60, windowSeconds: 60 },
  other: { limit: 600, windowSeconds: 60 },
};

export interface RateLimitDecision {
  allowed: boolean;
  /** Values for X-Rate-Limit-Limit / -Remaining / -Reset (reset in UTC epoch seconds). */
  limit: number;
  remaining: number;
  resetSeconds: number;
}

interface Window {
  endMs: number;
  count: number;
}

export function validateRule(rule: RateLimitRule): void {
  if (!Number.isInteger(rule.limit) || rule.limit < 0) {
    throw new Error(`rate limit: limit must be an integer >= 0, got ${String(rule.limit)}`);
  }
  if (!(rule.windowSeconds > 0)) {
    throw new Error(`rate limit: windowSeconds must be > 0, got ${String(rule.windowSeconds)}`);
  }
}

/**
 * A window starts with the first request after the previous one ended. Its start is truncated to
 * the whole second so that its end is a whole second too: X-Rate-Limit-Reset can only say seconds,
 * and the SDK waits `reset*1000 - Date + 1000` ms, so an exact Reset keeps retries correct.
 */
export class RateLimiter {
  private readonly rules: Record<Bucket, RateLimitRule>;
  private readonly windows = new Map<Bucket, Window>();

  constructor(overrides: Partial<Record<Bucket, RateLimitRule>> = {}) {
    this.rules = { ...DEFAULT_RATE_LIMITS };
    for (const [bucket, rule] of Object.entries(overrides) as [Bucket, RateLimitRule | undefined][]) {
      if (rule !== undefined) this.setRule(bucket, rule);
    }
  }

  setRule(bucket: Bucket, rule: RateLimitRule): void {
    validateRule(rule);
    this.rules[bucket] = { ...rule };
    // A new rule starts a fresh window, so tests are not affected by earlier traffic.
    this.windows.delete(bucket);
  }

  /** The bucket's configured limit (for headers of answers that bypass the count, e.g. faults). */
  limitOf(bucket: Bucket): number {
    return this.rules[bucket].limit;
  }

  /** Counts one request against the bucket. */
  consume(bucket: Bucket, nowMs: number): RateLimitDecision {
    const window = this.currentWindow(bucket, nowMs);
    window.count += 1;
    return this.describe(bucket, window);
  }

  private currentWindow(bucket: Bucket, nowMs: number): Window {
    const existing = this.windows.get(bucket);
    if (existing !== undefined && nowMs < existing.endMs) return existing;
    const { windowSeconds } = this.rules[bucket];
    let endMs = Math.floor(nowMs / 1000) * 1000 + windowSeconds * 1000;
    // Sub-second windows could end before "now" after truncation: then the window starts now.
    if (endMs <= nowMs) endMs = nowMs + windowSeconds * 1000;
    const fresh: Window = { endMs, count: 0 };
    this.windows.set(bucket, fresh);
    return fresh;
  }

  private describe(bucket: Bucket, window: Window): RateLimitDecision {
    const { limit } = this.rules[bucket];
    return {
      allowed: window.count <= limit,
      limit,
      remaining: Math.max(0, limit - window.count),
      resetSeconds: Math.ceil(window.endMs / 1000),
    };
  }
}

/** Counts in-flight requests (including the latency wait) against an optional limit. */
export class ConcurrencyGate {
  private inFlight = 0;

  constructor(private readonly limit: number | null) {
    if (limit !== null && (!Number.isInteger(limit) || limit < 1)) {
      throw new Error(`concurrencyLimit must be an integer >= 1 or null, got ${String(limit)}`);
    }
  }

  /** Returns false (and takes no slot) when the request is one over the limit. */
  enter(): boolean {
    if (this.limit !== null && this.inFlight >= this.limit) return false;
    this.inFlight += 1;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  get configuredLimit(): number | null {
    return this.limit;
  }
}
