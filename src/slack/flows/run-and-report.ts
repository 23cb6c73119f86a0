import type { Plan } from '../../core/plan.ts';
import type { Requester } from '../../core/requester.ts';
import type { RunReport } from '../../core/run-report.ts';
import { runWithProgress } from '../../core/run-with-progress.ts';
import { reportToCsv } from '../../core/views/csv-export.ts';
import { describeProgress, describeReport } from '../../core/views/report-view.ts';
import { renderReportBlocks } from '../blocks/report-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { bestEffort } from './best-effort.ts';

/**
 * Executes a plan with one progress message in `thread`, edited in place no faster than the
 * progress interval, then posts the results there (failures first) and, when not every user fits
 * in the message, a results CSV. Only the run itself can throw: once emails may have gone out, a
 * Slack hiccup must not be reported as a failed run. The audit channel's line comes from the core's
 * own `outcome` event (see audit-channel.ts), not from here.
 */
export async function runAndReport(deps: SlackDeps, plan: Plan, actor: Requester, thread: Place): Promise<RunReport> {
  const { chat } = deps;
  let progressTs: string | null = null;
  await bestEffort(deps, 'progress message', async () => {
    progressTs = await chat.post(thread, describeProgress(0, plan.entries.length, 0, 0));
  });
  const report = await runWithProgress(deps.service, plan, actor, {
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
  const view = describeReport(report);
  // Bulk runs and every run that started from a file: a file in, a file of results out.
  const csvWanted = view.hiddenRows > 0 || plan.source === 'file';
  const csvAttached = csvWanted && (await bestEffort(deps, 'results csv', () => chat.uploadCsv(thread, `results-${plan.id}.csv`, reportToCsv(report), 'Every user in this run with the outcome, the reason and the Okta request id.')));
  await bestEffort(deps, 'results', () => chat.post(thread, `${escapeMrkdwn(view.title)}: ${escapeMrkdwn(view.summary)}`, renderReportBlocks(view, csvAttached)));
  if (csvWanted && !csvAttached) await bestEffort(deps, 'csv note', () => chat.post(thread, ':warning: I could not attach the results CSV (does the app have `files:write`?). Only the first users are listed above.'));
  return report;
}
