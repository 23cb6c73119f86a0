import type { ReplyTarget } from '../../core/approvals.ts';
import { RunHandedOverError } from '../../core/errors.ts';
import type { Plan } from '../../core/plan.ts';
import type { Requester } from '../../core/requester.ts';
import type { RunReport } from '../../core/run-report.ts';
import { resumeWithProgress, runWithProgress, type ProgressDisplay } from '../../core/run-with-progress.ts';
import type { ResumedRun } from '../../core/runs/durable-runs.ts';
import { reportToCsv } from '../../core/views/csv-export.ts';
import { describeProgress, describeReport } from '../../core/views/report-view.ts';
import { renderReportBlocks } from '../blocks/report-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackReplyTarget } from './approval-request.ts';
import { bestEffort } from './best-effort.ts';

/** What else a run's thread target carries, so that a process taking it over can finish the job. */
export interface RunExtras {
  /** The plan message, ended with the counts when the run is done. */
  readonly planTs?: string;
  /** An approved run: the requester's thread, told the outcome as she may read it. */
  readonly requesterThread?: Place | null;
}

/** The run's thread as the core keeps it with the run (opaque to the core, read by resume-run.ts). */
export function runTarget(thread: Place, extras: RunExtras = {}): ReplyTarget {
  const target: Record<string, string> = { ...slackReplyTarget(thread) };
  if (extras.planTs) target.planTs = extras.planTs;
  if (extras.requesterThread) {
    target.requesterChannel = extras.requesterThread.channel;
    if (extras.requesterThread.threadTs) target.requesterThreadTs = extras.requesterThread.threadTs;
  }
  return target;
}

/**
 * Executes a plan with one progress message in `thread`, edited in place no faster than the
 * progress interval, then posts the results there (failures first) and, when not every user fits
 * in the message, a results CSV. Only the run itself can throw: once emails may have gone out, a
 * Slack hiccup must not be reported as a failed run. null: this process was shut down mid-run and
 * handed the run over (the progress message says so; another process posts the results here).
 * The audit channel's line comes from the core's own `outcome` event (see audit-channel.ts).
 */
export function runAndReport(deps: SlackDeps, plan: Plan, actor: Requester, thread: Place, extras: RunExtras = {}): Promise<RunReport | null> {
  return reportInThread(deps, plan, thread, describeProgress(0, plan.entries.length, 0, 0), (display) =>
    runWithProgress(deps.service, plan, actor, { ...display, replyTo: runTarget(thread, extras) }),
  );
}

/** A run taken over from a process that died or was drained: reported in its own thread the same way. */
export function resumeAndReport(deps: SlackDeps, resumed: ResumedRun, thread: Place): Promise<RunReport | null> {
  const { plan } = resumed.run;
  const first = `:arrows_counterclockwise: Picking this run up after a restart: ${resumed.doneBefore} of ${plan.entries.length} were done before. ${describeProgress(resumed.doneBefore, plan.entries.length, 0, 0)}`;
  return reportInThread(deps, plan, thread, first, (display) => resumeWithProgress(resumed, display));
}

async function reportInThread(
  deps: SlackDeps,
  plan: Plan,
  thread: Place,
  firstLine: string,
  run: (display: ProgressDisplay) => Promise<RunReport>,
): Promise<RunReport | null> {
  const { chat } = deps;
  let progressTs: string | null = null;
  await bestEffort(deps, 'progress message', async () => {
    progressTs = await chat.post(thread, firstLine);
  });
  let report: RunReport;
  try {
    report = await run({
      show: async (text) => {
        if (progressTs) await chat.update(thread.channel, progressTs, text);
      },
      finish: async (finished) => {
        const ts: string | null = progressTs;
        const { seconds, summary } = describeReport(finished);
        if (ts) await bestEffort(deps, 'progress final', () => chat.update(thread.channel, ts, `Finished in ${seconds} s: ${escapeMrkdwn(summary)}`));
      },
      intervalMs: deps.progressIntervalMs,
    });
  } catch (error) {
    if (!(error instanceof RunHandedOverError)) throw error;
    const ts: string | null = progressTs;
    const line = `:pause_button: ${escapeMrkdwn(error.message)}`;
    await bestEffort(deps, 'progress handed over', () => (ts ? chat.update(thread.channel, ts, line) : chat.post(thread, line)));
    return null;
  }
  const view = describeReport(report);
  // Bulk runs and every run that started from a file: a file in, a file of results out.
  const csvWanted = view.hiddenRows > 0 || plan.source === 'file';
  const csvAttached = csvWanted && (await bestEffort(deps, 'results csv', () => chat.uploadCsv(thread, `results-${plan.id}.csv`, reportToCsv(report), 'Every user in this run with the outcome, the reason and the Okta request id.')));
  const sendAnyway = report.counts.inDoubt > 0 ? { runId: report.planId, count: report.counts.inDoubt } : null;
  await bestEffort(deps, 'results', () => chat.post(thread, `${escapeMrkdwn(view.title)}: ${escapeMrkdwn(view.summary)}`, renderReportBlocks(view, csvAttached, sendAnyway)));
  if (csvWanted && !csvAttached) await bestEffort(deps, 'csv note', () => chat.post(thread, ':warning: I could not attach the results CSV (does the app have `files:write`?). Only the first users are listed above.'));
  return report;
}
