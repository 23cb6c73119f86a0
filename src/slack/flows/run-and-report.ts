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

/**
 * Executes a plan with one progress message in `thread`, edited in place no faster than the
 * progress interval, then posts the results there (failures first) and, when not every user fits
 * in the message, a results CSV. Returns the report for the caller's final state.
 */
export async function runAndReport(deps: SlackDeps, plan: Plan, actor: Requester, thread: Place): Promise<RunReport> {
  const { chat } = deps;
  const progressTs = await chat.post(thread, describeProgress(0, plan.entries.length, 0, 0));
  const report = await runWithProgress(deps.service, plan, actor, (text) => chat.update(thread.channel, progressTs, text), deps.progressIntervalMs);
  const view = describeReport(report);
  await chat.update(thread.channel, progressTs, `Finished in ${view.seconds} s: ${escapeMrkdwn(view.summary)}`);
  const csvAttached = view.hiddenRows > 0;
  await chat.post(thread, `${escapeMrkdwn(view.title)}: ${escapeMrkdwn(view.summary)}`, renderReportBlocks(view, csvAttached));
  if (csvAttached) await chat.uploadCsv(thread, `results-${plan.id}.csv`, reportToCsv(report), 'Every user in this run with the outcome, the reason and the Okta request id.');
  await postAuditLine(deps, `${escapeMrkdwn(actor.displayName)} (${escapeMrkdwn(actor.userId)}) ran ${plan.kind === 'resend' ? 'activation resends' : plan.kind === 'reset_password' ? 'password resets' : 'reactivations'} for ${escapeMrkdwn(plan.requester.displayName)}: ${escapeMrkdwn(view.summary)} (plan ${plan.id})`);
  return report;
}

/** AUDIT_SLACK_CHANNEL, when set: one line per run or decision. A failure here never stops a run. */
export async function postAuditLine(deps: SlackDeps, mrkdwn: string): Promise<void> {
  if (!deps.auditChannel) return;
  try {
    await deps.chat.post({ channel: deps.auditChannel, threadTs: null }, `:memo: ${mrkdwn}`);
  } catch (error) {
    deps.logger.warn({ err: error }, 'slack audit channel post failed');
  }
}
