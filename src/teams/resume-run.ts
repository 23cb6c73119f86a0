import type { ReplyTarget } from '../core/approvals.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { RunReport } from '../core/run-report.ts';
import { tellRequesterOfRun } from './flows/approval-click.ts';
import type { ResumedRun } from '../core/runs/durable-runs.ts';
import { describePlan } from '../core/views/plan-view.ts';
import type { Logger } from '../logging/logger.ts';
import { bestEffort } from './best-effort.ts';
import { renderPlanCard } from './cards/plan-card.ts';
import { referenceTo } from './conversation-reference.ts';
import { resumeAndReport } from './flows/report-run.ts';
import type { Proactive } from './proactive.ts';
import { threadOf } from './thread.ts';

/**
 * A Teams run this process took over (its process died or was drained): a proactive turn in the
 * stored conversation reference gets the progress and the report, and the plan card ends with
 * the counts, as if the run had never changed hands.
 */
export function registerRunResume(service: ResendService, proactive: Proactive, logger: Logger, progressIntervalMs?: number): void {
  service.onResumedRun('teams', async (resumed: ResumedRun) => {
    const target = resumed.run.replyTo;
    const reference = referenceTo(target);
    if (!reference || !target) {
      // Nowhere to report: still finish the run (it was confirmed), the audit has the outcome.
      await resumed.execute();
      return;
    }
    // Set inside the proactive turn (a holder, so that the compiler sees the write).
    const outcome: { report: RunReport | null } = { report: null };
    await proactive(reference, async (turn) => {
      const thread = threadOf(turn, target.replyToId ?? null);
      const run = await resumeAndReport({ thread, plan: resumed.run.plan, logger, progressIntervalMs }, resumed);
      if (!run) return;
      const cardId = target.cardId;
      if (cardId) {
        const view = describePlan(resumed.run.plan);
        await bestEffort(logger, 'plan done (resumed)', () => thread.updateCard(cardId, renderPlanCard(view, { kind: 'done', summary: run.view.summary, failed: run.report.counts.failed > 0 })));
      }
      outcome.report = run.report;
    });
    // An approved run: its requester hears the outcome in her own conversation, as she may read it.
    const requester = requesterTargetOf(target);
    const requesterReference = requester ? referenceTo(requester) : null;
    const report = outcome.report;
    if (!report || !requester || !requesterReference) return;
    await proactive(requesterReference, (turn) =>
      tellRequesterOfRun(threadOf(turn, requester.replyToId ?? null), target.approvedBy ?? 'An approver', Number(target.approvalUsers ?? report.results.length), report, logger),
    ).catch((error: unknown) => logger.warn({ err: error, runId: resumed.run.id }, 'teams: could not tell the requester of a resumed approved run'));
  });
}

/** The requester's conversation an approved run carries (see approval-click.ts), if any. */
function requesterTargetOf(target: ReplyTarget): ReplyTarget | null {
  if (!target.requesterTarget) return null;
  try {
    const parsed = JSON.parse(target.requesterTarget) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as ReplyTarget) : null;
  } catch {
    return null;
  }
}
