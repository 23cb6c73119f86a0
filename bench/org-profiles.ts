import type { SimulatorOptions } from '../src/okta-simulator/index.ts';

/**
 * Org profiles for `npm run bench -- --profile …`: the rates a token gets (per minute, Okta's
 * window), Okta's latency and concurrency limit, and how many users besides the list the org has.
 * Windows are a minute, as at Okta: a run may spend a window's budget at once, then waits.
 */
export interface OrgProfile {
  readonly name: string;
  readonly describe: string;
  /** Per minute, for this token. */
  readonly searchPerMinute: number;
  readonly getPerMinute: number;
  readonly lifecyclePerMinute: number;
  readonly latencyMs: number;
  readonly concurrencyLimit: number;
  /** ACTIVE colleagues in the org besides the list (the org has list + this many users). */
  readonly colleagues: number;
}

export const ORG_PROFILES: Record<string, OrgProfile> = {
  // Issue 15: Okta's published Workforce limits at an API token's default 50% share.
  workforce: {
    name: 'workforce',
    describe: 'Workforce org at a token\'s 50% share: search 300/min, get-by-id 1,000/min, lifecycle 600/min, 80 ms, concurrency 75, 5,000 users for 1,000 hires',
    searchPerMinute: 300,
    getPerMinute: 1000,
    lifecyclePerMinute: 600,
    latencyMs: 80,
    concurrencyLimit: 75,
    colleagues: 4000,
  },
  // Assumptions, not confirmed figures: Okta's rate-limit table lists One App orgs with the
  // smaller buckets (users list/search 100/min, get-by-id 600/min, "most other /api/v1" 500/min
  // as remembered from the table), halved for a token's default share; concurrency as a free org.
  'one-app': {
    name: 'one-app',
    describe: 'One App org (assumed limits) at a 50% share: search 50/min, get-by-id 300/min, lifecycle 250/min, 80 ms, concurrency 35, 1,000 users besides the list',
    searchPerMinute: 50,
    getPerMinute: 300,
    lifecyclePerMinute: 250,
    latencyMs: 80,
    concurrencyLimit: 35,
    colleagues: 1000,
  },
  // A test rate: lifecycle 100/s with 30 ms latency (the case where 8 in flight fell behind).
  generous: {
    name: 'generous',
    describe: 'generous test rate: search 6,000/min, get-by-id 12,000/min, lifecycle 6,000/min (100/s), 30 ms, concurrency 75, 4,000 users besides the list',
    searchPerMinute: 6000,
    getPerMinute: 12000,
    lifecyclePerMinute: 6000,
    latencyMs: 30,
    concurrencyLimit: 75,
    colleagues: 4000,
  },
};

export function simulatorOptionsFor(profile: OrgProfile): Pick<SimulatorOptions, 'rateLimits' | 'latencyMs' | 'concurrencyLimit'> {
  return {
    latencyMs: profile.latencyMs,
    concurrencyLimit: profile.concurrencyLimit,
    rateLimits: {
      'users-list': { limit: profile.searchPerMinute, windowSeconds: 60 },
      'users-get': { limit: profile.getPerMinute, windowSeconds: 60 },
      lifecycle: { limit: profile.lifecyclePerMinute, windowSeconds: 60 },
    },
  };
}
