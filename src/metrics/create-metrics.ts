import type { AuditSink } from '../core/audit.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { RateLimitPacer } from '../okta/rate-limit-pacer.ts';
import { createMetricsAuditSink } from './audit-metrics-sink.ts';
import { createMetricSet, type MetricSet } from './metric-set.ts';
import { oktaEndpointOf } from './okta-endpoint.ts';
import { metricsHandler, type MetricsHandler } from './serve-metrics.ts';

/** The bot's Prometheus metrics, wired to what feeds them. */
export interface Metrics {
  readonly set: MetricSet;
  /** For the audit fan-out. */
  readonly auditSink: AuditSink;
  /** GET /metrics. */
  readonly handler: MetricsHandler;
  /** For the Redis store's onError (it exists before the runtime does). */
  storeError(): void;
  /**
   * Once the runtime exists: every Okta attempt from the pacer, its waits and the waiting counts
   * at scrape time (requests are counted from the audit's request_outcome lines).
   */
  watch(runtime: { readonly service: ResendService; readonly pacer: RateLimitPacer }): void;
}

export function createMetrics(): Metrics {
  const set = createMetricSet();
  return {
    set,
    auditSink: createMetricsAuditSink(set),
    handler: metricsHandler(set.registry),
    storeError: () => set.storeErrors.inc({ source: 'redis' }),
    watch({ service, pacer }) {
      pacer.onAttempt = ({ method, url, status }) => {
        const endpoint = oktaEndpointOf(method, url);
        set.oktaRequests.inc({ endpoint, status: String(status) });
        if (status === 429) set.oktaRateLimited.inc({ endpoint });
      };
      set.bind({ waiting: () => service.waitingCounts(), rateLimitWaitedMs: () => pacer.waitedMs });
    },
  };
}
