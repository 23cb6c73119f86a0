import type { ResendService } from '../core/resend-service.ts';
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
    await proactive(reference, async (context) => {
      const thread = threadOf(context, target.replyToId ?? null);
      const run = await resumeAndReport({ thread, plan: resumed.run.plan, logger, progressIntervalMs }, resumed);
      const cardId = target.cardId;
      if (!run || !cardId) return;
      const view = describePlan(resumed.run.plan);
      await bestEffort(logger, 'plan done (resumed)', () => thread.updateCard(cardId, renderPlanCard(view, { kind: 'done', summary: run.view.summary, failed: run.report.counts.failed > 0 })));
    });
  });
}
