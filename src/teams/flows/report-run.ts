import type { Plan } from '../../core/plan.ts';
import type { Requester } from '../../core/requester.ts';
import type { ResendService } from '../../core/resend-service.ts';
import type { ReplyTarget } from '../../core/approvals.ts';
import { RunHandedOverError } from '../../core/errors.ts';
import type { RunReport } from '../../core/run-report.ts';
import { resumeWithProgress, runWithProgress, type ProgressDisplay } from '../../core/run-with-progress.ts';
import type { ResumedRun } from '../../core/runs/durable-runs.ts';
import { describeProgress, describeReport, type ReportView } from '../../core/views/report-view.ts';
import type { Logger } from '../../logging/logger.ts';
import { bestEffort, RunStoppedError } from '../best-effort.ts';
import { renderFullResults, renderReportCard } from '../cards/report-card.ts';
import type { Thread } from '../thread.ts';

export interface RunInThread {
  readonly service: ResendService;
  readonly thread: Thread;
  readonly plan: Plan;
  readonly actor: Requester;
  readonly logger: Logger;
  readonly progressIntervalMs?: number | undefined;
  /** What a process that takes the run over needs besides the thread (the plan card, the requester). */
  readonly extras?: Readonly<Record<string, string>>;
}

/**
 * Runs a plan in a thread: a progress message edited in place (throttled), then the report card
 * and, for bulk runs, the full list as text. Shared by confirmed plans and approved requests.
 * Only the run itself can throw (as RunStoppedError): the plan or approval is settled in the core
 * already, so a failed chat call must neither stop the run nor make it look as if it failed.
 * null: this process was shut down mid-run and handed the run over (the progress message says
 * so; the process that finishes it reports here, see resume-run.ts).
 */
export function runAndReport(options: RunInThread): Promise<{ report: RunReport; view: ReportView } | null> {
  const { service, thread, plan, actor } = options;
  const replyTo: ReplyTarget = { ...thread.replyTarget(), ...options.extras };
  return reportInThread(options, describeProgress(0, plan.entries.length, 0, 0), (display) => runWithProgress(service, plan, actor, { ...display, replyTo }));
}

/** A run taken over from a process that died or was drained, reported in its conversation the same way. */
export function resumeAndReport(options: Omit<RunInThread, 'actor' | 'service'>, resumed: ResumedRun): Promise<{ report: RunReport; view: ReportView } | null> {
  const first = `Picking this run up after a restart: ${resumed.doneBefore} of ${resumed.total} were done before. ${describeProgress(resumed.doneBefore, resumed.total, 0, 0)}`;
  return reportInThread(options, first, (display) => resumeWithProgress(resumed, display));
}

async function reportInThread(
  options: Pick<RunInThread, 'thread' | 'logger' | 'progressIntervalMs'>,
  firstLine: string,
  run: (display: ProgressDisplay) => Promise<RunReport>,
): Promise<{ report: RunReport; view: ReportView } | null> {
  const { thread, logger } = options;
  let progressId: string | null = null;
  await bestEffort(logger, 'progress message', async () => {
    progressId = await thread.say(firstLine);
  });
  let report: RunReport;
  try {
    report = await run({
      show: async (text) => {
        const id: string | null = progressId;
        if (id) await bestEffort(logger, 'progress edit', () => thread.updateText(id, text));
      },
      finish: async (finished) => {
        const id: string | null = progressId;
        const summary = describeReport(finished);
        if (id) await bestEffort(logger, 'progress final', () => thread.updateText(id, `Finished in ${summary.seconds} s: ${summary.summary}`));
      },
      intervalMs: options.progressIntervalMs,
    });
  } catch (error) {
    if (error instanceof RunHandedOverError) {
      const id: string | null = progressId;
      await bestEffort(logger, 'progress handed over', () => (id ? thread.updateText(id, error.message) : thread.say(error.message).then(() => undefined)));
      return null;
    }
    throw new RunStoppedError(error);
  }
  const view = describeReport(report);
  await postReport(thread, report, logger, view);
  return { report, view };
}

/**
 * The report card, and the full list as text when the card cannot show every row. Each post is
 * tried on its own: one refused message (a 429, a size limit) must not hide the rest.
 */
export async function postReport(thread: Thread, report: RunReport, logger: Logger, view: ReportView = describeReport(report)): Promise<void> {
  const sendAnyway = report.counts.inDoubt > 0 ? { runId: report.planId, count: report.counts.inDoubt } : null;
  await bestEffort(logger, 'report card', () => thread.sendCard(renderReportCard(view, sendAnyway)));
  if (view.hiddenRows > 0) {
    for (const chunk of renderFullResults(report)) await bestEffort(logger, 'full results', () => thread.sayMarkdown(chunk));
  }
}
