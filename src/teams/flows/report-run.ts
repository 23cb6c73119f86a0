import type { Plan } from '../../core/plan.ts';
import type { Requester } from '../../core/requester.ts';
import type { ResendService } from '../../core/resend-service.ts';
import type { RunReport } from '../../core/run-report.ts';
import { runWithProgress } from '../../core/run-with-progress.ts';
import { describeProgress, describeReport, type ReportView } from '../../core/views/report-view.ts';
import { renderFullResults, renderReportCard } from '../cards/report-card.ts';
import type { Thread } from '../thread.ts';

/**
 * Runs a plan in a thread: a progress message edited in place (throttled), then the report card
 * and, for bulk runs, the full list as text. Shared by confirmed plans and approved requests.
 */
export async function runAndReport(service: ResendService, thread: Thread, plan: Plan, actor: Requester, progressIntervalMs?: number): Promise<{ report: RunReport; view: ReportView }> {
  const progressId = await thread.say(describeProgress(0, plan.entries.length, 0, 0));
  const report = await runWithProgress(
    service,
    plan,
    actor,
    async (text) => {
      if (progressId) await thread.updateText(progressId, text);
    },
    progressIntervalMs,
  );
  const view = describeReport(report);
  if (progressId) await thread.updateText(progressId, `Finished in ${view.seconds} s: ${view.summary}`);
  await postReport(thread, report, view);
  return { report, view };
}

/** The report card, and the full list as text when the card cannot show every row. */
export async function postReport(thread: Thread, report: RunReport, view: ReportView = describeReport(report)): Promise<void> {
  await thread.sendCard(renderReportCard(view));
  if (view.hiddenRows > 0) {
    for (const chunk of renderFullResults(report)) await thread.sayMarkdown(chunk);
  }
}
