import type { ResendService } from '../core/resend-service.ts';
import { codeLabel } from './labels.ts';
import type { MetricSet } from './metric-set.ts';

/**
 * Counts requests by surface and outcome, and times request-to-plan, around `prepare`: the one
 * call every surface's request goes through, whose answer names the outcome (planned, refused,
 * invalid, nothing, unavailable). The audit cannot say all of it (no event when Okta does not
 * answer, none tying a request to its plan), and the core stays free of any metrics library.
 * Call it before the surfaces are created, so that they all get the counted `prepare`.
 */
export function countRequests(service: ResendService, metrics: MetricSet): void {
  const prepare = service.prepare.bind(service);
  service.prepare = async (requester, input, options) => {
    const surface = codeLabel(requester.surface);
    const endTimer = metrics.lookupDuration.startTimer();
    let outcome: Awaited<ReturnType<ResendService['prepare']>>;
    try {
      outcome = await prepare(requester, input, options);
    } catch (error) {
      metrics.requests.inc({ surface, outcome: 'error' });
      throw error;
    }
    metrics.requests.inc({ surface, outcome: codeLabel(outcome.kind) });
    if (outcome.kind === 'planned') endTimer();
    return outcome;
  };
}
