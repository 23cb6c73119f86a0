import type { AuditEvent, AuditSink } from '../core/audit.ts';
import { codeLabel } from './labels.ts';
import type { MetricSet } from './metric-set.ts';

/**
 * Turns audit events into metric updates: users by outcome, lifecycle results, run durations,
 * approvals, runs changing hands, timed jobs, run errors. Only codes are read from an event
 * (outcome, reason, action, kind), never who or what it was about.
 *
 * Requests and the time from request to answer come from the core's `request_outcome` line (one
 * per request). Okta calls are counted per attempt by the executor (see create-metrics.ts), which
 * sees retried 429s that the audit's one line per call does not.
 */
export function createMetricsAuditSink(metrics: MetricSet): AuditSink {
  return {
    record(event: AuditEvent) {
      switch (event.type) {
        case 'request_outcome':
          metrics.requests.inc({ surface: codeLabel(event.surface), outcome: codeLabel(event.outcome) });
          if (event.outcome === 'planned') metrics.lookupDuration.observe(event.seconds);
          return;
        case 'user_outcome':
          metrics.users.inc({ outcome: codeLabel(event.outcome), reason: codeLabel(event.reason) });
          return;
        case 'lifecycle':
          metrics.lifecycleCalls.inc({ action: codeLabel(event.action), result: codeLabel(event.result) });
          return;
        case 'outcome':
          metrics.runDuration.observe({ kind: codeLabel(event.kind) }, event.seconds);
          return;
        case 'approval_requested':
          metrics.approvals.inc({ event: 'requested' });
          return;
        case 'approved':
        case 'denied':
          metrics.approvals.inc({ event: event.type });
          return;
        case 'approval_expired':
          metrics.approvals.inc({ event: 'expired' });
          return;
        case 'run_taken_over':
          metrics.runsChangedHands.inc({ change: 'taken_over' });
          return;
        case 'run_handed_over':
          metrics.runsChangedHands.inc({ change: 'handed_over' });
          return;
        case 'run_error':
          metrics.storeErrors.inc({ source: 'run' });
          return;
        case 'job':
          // The job's outcome is free text ("3 removed", a summary): only its kind is a code.
          metrics.timedJobs.inc({ kind: codeLabel(event.kind) });
          return;
        default:
          return;
      }
    },
  };
}
