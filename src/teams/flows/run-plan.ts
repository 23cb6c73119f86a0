import type { Approval } from '../../core/approvals.ts';
import type { Plan } from '../../core/plan.ts';
import type { Requester } from '../../core/requester.ts';
import type { ResendService } from '../../core/resend-service.ts';
import { runWithProgress } from '../../core/run-with-progress.ts';
import { plural } from '../../core/views/labels.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import { describeProgress, describeReport } from '../../core/views/report-view.ts';
import { renderPlanCard } from '../cards/plan-card.ts';
import { renderFullResults, renderReportCard } from '../cards/report-card.ts';
import type { Thread } from '../thread.ts';

export interface RunPlanOptions {
  readonly service: ResendService;
  readonly thread: Thread;
  readonly plan: Plan;
  readonly approval: Approval | null;
  readonly actor: Requester;
  /** The plan card's activity id (the click's replyToId); null when Teams did not say. */
  readonly cardId: string | null;
  readonly progressIntervalMs?: number | undefined;
}

/**
 * A confirmed plan: the card loses its buttons ("Confirmed by … — running"), a progress message
 * is edited in place at most every 2 s, the results are replied (failures first), and the card
 * ends in its final state with the counts.
 */
export async function runConfirmedPlan(options: RunPlanOptions): Promise<void> {
  const { service, thread, plan, approval, actor, cardId } = options;
  const view = describePlan(plan);
  if (cardId) await thread.updateCard(cardId, renderPlanCard(view, { kind: 'running', by: actor.displayName }));
  if (approval) {
    // No approvals channel is wired to the Teams surface yet, so nobody would see an approval card here.
    await thread.say(`${plural(approval.entries.length, 'user')} need an approver before their emails go out, and approvals are not available in Teams yet: ask your helpdesk to send those.`);
  }
  const progressId = await thread.say(describeProgress(0, plan.entries.length, 0, 0));
  try {
    const report = await runWithProgress(
      service,
      plan,
      actor,
      async (text) => {
        if (progressId) await thread.updateText(progressId, text);
      },
      options.progressIntervalMs,
    );
    const reportView = describeReport(report);
    if (progressId) await thread.updateText(progressId, `Finished in ${reportView.seconds} s: ${reportView.summary}`);
    await thread.sendCard(renderReportCard(reportView));
    if (reportView.hiddenRows > 0) {
      for (const chunk of renderFullResults(report)) await thread.sayMarkdown(chunk);
    }
    if (cardId) await thread.updateCard(cardId, renderPlanCard(view, { kind: 'done', summary: reportView.summary, failed: report.counts.failed > 0 }));
  } catch (error) {
    if (cardId) {
      const message = 'The run stopped with an error: some emails may have gone out. Check Okta before running it again.';
      await thread.updateCard(cardId, renderPlanCard(view, { kind: 'failed', message })).catch(() => undefined);
    }
    throw error;
  }
}
