import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges and the wait counter read when Prometheus scrapes (bound once the runtime exists). */
export interface ScrapeSources {
  /** Approvals waiting for an approver (the store's open-approvals set), and scheduled sends not yet started or cancelled. */
  waiting(): Promise<{ readonly approvals: number; readonly scheduledSends: number }>;
  /** The pacer's running total of time spent waiting for rate-limit windows, ms. */
  rateLimitWaitedMs(): number;
}

/**
 * Every metric of the bot, on a registry of its own (not prom-client's global one, so tests and
 * several runtimes in one process never share counts). Labels hold codes only (see labels.ts).
 */
export interface MetricSet {
  readonly registry: Registry;
  readonly requests: Counter<'surface' | 'outcome'>;
  readonly users: Counter<'outcome' | 'reason'>;
  readonly oktaRequests: Counter<'endpoint' | 'status'>;
  readonly oktaRateLimited: Counter<'endpoint'>;
  readonly lifecycleCalls: Counter<'action' | 'result'>;
  readonly runDuration: Histogram<'kind'>;
  readonly lookupDuration: Histogram;
  readonly approvals: Counter<'event'>;
  readonly storeErrors: Counter<'source'>;
  readonly runsChangedHands: Counter<'change'>;
  readonly timedJobs: Counter<'kind'>;
  /** Set once the runtime exists; until then the scrape-time gauges report 0. */
  bind(sources: ScrapeSources): void;
}

export function createMetricSet(): MetricSet {
  const registry = new Registry();
  // Process metrics under their usual names (process_*, nodejs_*), so stock dashboards work.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let sources: ScrapeSources | null = null;
  let waitedMsSeen = 0;
  // Both gauges come from one store read: the scrape collects them at once, so they share it.
  // A store that does not answer (null) leaves the last values: the scrape itself must not fail.
  let reading: Promise<{ readonly approvals: number; readonly scheduledSends: number } | null> | null = null;
  const waiting = () =>
    (reading ??= (sources?.waiting() ?? Promise.resolve(null)).catch(() => null).finally(() => {
      reading = null;
    }));

  const set: MetricSet = {
    registry,
    requests: new Counter({
      name: 'resend_activation_requests_total',
      help: 'Resend requests by surface and outcome: planned, refused, invalid (input refused before any lookup), nothing (no user named), unavailable (Okta did not answer), error.',
      labelNames: ['surface', 'outcome'],
      registers,
    }),
    users: new Counter({
      name: 'resend_activation_users_total',
      help: 'Users of finished runs by outcome (sent, skipped, failed) and reason (the skip or failure code; none when sent).',
      labelNames: ['outcome', 'reason'],
      registers,
    }),
    oktaRequests: new Counter({
      name: 'resend_activation_okta_requests_total',
      help: 'Okta requests by endpoint (ids templated) and HTTP status (timeout or no_answer when none came); every attempt, retried 429s included.',
      labelNames: ['endpoint', 'status'],
      registers,
    }),
    oktaRateLimited: new Counter({
      name: 'resend_activation_okta_rate_limited_total',
      help: 'Okta answers with HTTP 429 (rate limit, concurrency limit, or E0000118 email cooldown), by endpoint.',
      labelNames: ['endpoint'],
      registers,
    }),
    lifecycleCalls: new Counter({
      name: 'resend_activation_lifecycle_calls_total',
      help: 'Okta lifecycle calls of runs by action (activate, reactivate, …) and result (ok, or the error class Okta\'s errorCode maps to).',
      labelNames: ['action', 'result'],
      registers,
    }),
    runDuration: new Histogram({
      name: 'resend_activation_run_duration_seconds',
      help: 'How long runs took, from start to the last user, by plan kind.',
      labelNames: ['kind'],
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    }),
    lookupDuration: new Histogram({
      name: 'resend_activation_lookup_duration_seconds',
      help: 'Time from a request to its plan (parsing, Okta lookups, policy), for requests that got a plan.',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    approvals: new Counter({
      name: 'resend_activation_approvals_total',
      help: 'Approval requests by event: requested, approved, denied, expired.',
      labelNames: ['event'],
      registers,
    }),
    storeErrors: new Counter({
      name: 'resend_activation_store_errors_total',
      help: 'State store trouble: redis (connection errors, once per change of message) and run (a durable run or timed job reported an error, mostly its state not read or written).',
      labelNames: ['source'],
      registers,
    }),
    runsChangedHands: new Counter({
      name: 'resend_activation_runs_changed_hands_total',
      help: 'Durable runs that changed hands: taken_over (their process died or was drained), handed_over (given back on shutdown).',
      labelNames: ['change'],
      registers,
    }),
    timedJobs: new Counter({
      name: 'resend_activation_timed_jobs_total',
      help: 'Timed work done by this process, by kind: scheduled sends started, follow-ups, delivery checks, bounce-list removals.',
      labelNames: ['kind'],
      registers,
    }),
    bind(bound) {
      sources = bound;
      waitedMsSeen = bound.rateLimitWaitedMs();
    },
  };
  // Series whose labels are a fixed few start at 0, so that rate() and alerts see them before the first event.
  for (const source of ['redis', 'run']) set.storeErrors.inc({ source }, 0);
  for (const change of ['taken_over', 'handed_over']) set.runsChangedHands.inc({ change }, 0);
  for (const event of ['requested', 'approved', 'denied', 'expired']) set.approvals.inc({ event }, 0);

  new Counter({
    name: 'resend_activation_okta_rate_limit_wait_seconds_total',
    help: 'Seconds requests spent waiting for an Okta rate-limit window to reset (summed over requests waiting at once).',
    registers,
    // The pacer keeps a running total; the counter takes what it grew by since the last scrape.
    collect() {
      const waitedMs = sources?.rateLimitWaitedMs() ?? 0;
      if (waitedMs > waitedMsSeen) this.inc((waitedMs - waitedMsSeen) / 1000);
      waitedMsSeen = Math.max(waitedMsSeen, waitedMs);
    },
  });
  new Gauge({
    name: 'resend_activation_approvals_waiting',
    help: 'Approval requests waiting for an approver (overdue ones until the expiry sweep settles them), read from the store at each scrape.',
    registers,
    async collect() {
      const counts = await waiting();
      if (counts) this.set(counts.approvals);
    },
  });
  new Gauge({
    name: 'resend_activation_scheduled_sends_waiting',
    help: 'Scheduled sends not yet started or cancelled, read from the store at each scrape.',
    registers,
    async collect() {
      const counts = await waiting();
      if (counts) this.set(counts.scheduledSends);
    },
  });
  return set;
}
