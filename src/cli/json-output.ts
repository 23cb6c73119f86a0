import type { Plan } from '../core/plan.ts';
import type { RunReport } from '../core/run-report.ts';

/** Stable, flat JSON for scripts: no SDK objects, no links, no tokens. */
export function planToJson(plan: Plan) {
  return {
    id: plan.id,
    counts: plan.counts,
    entries: plan.entries.map((entry) => ({
      line: entry.identifier.line,
      input: entry.identifier.raw,
      userId: entry.user?.id ?? null,
      login: entry.user?.login ?? null,
      status: entry.user?.status ?? null,
      plan: entry.decision.kind === 'send' ? entry.decision.action : 'skip',
      reason: entry.decision.kind === 'skip' ? entry.decision.reason : null,
      detail: entry.decision.kind === 'send' ? entry.decision.note : entry.decision.message,
      matches: entry.matches.length > 1 ? entry.matches.map((user) => user.login) : undefined,
    })),
    rejected: plan.rejected,
  };
}

export function reportToJson(report: RunReport) {
  return {
    counts: report.counts,
    seconds: (report.finishedAt - report.startedAt) / 1000,
    results: report.results.map((r) => ({
      line: r.identifier.line,
      input: r.identifier.raw,
      userId: r.userId,
      login: r.login,
      statusBefore: r.statusBefore,
      action: r.action,
      outcome: r.outcome,
      reason: r.reason,
      message: r.message,
      hint: r.hint,
      oktaRequestId: r.requestId,
    })),
  };
}
