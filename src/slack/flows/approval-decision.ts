import { describeApproval } from '../../core/views/approval-view.ts';
import { plural } from '../../core/views/labels.ts';
import { reportToCsv } from '../../core/views/csv-export.ts';
import { describeReport } from '../../core/views/report-view.ts';
import type { RunReport } from '../../core/run-report.ts';
import { approvalHeadline, renderApprovalBlocks, type ApprovalState } from '../blocks/approval-blocks.ts';
import { renderReportBlocks } from '../blocks/report-blocks.ts';
import { settledBlocks } from '../blocks/settle-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { placeOf } from './approval-request.ts';
import { bestEffort } from './best-effort.ts';
import { expiredNotice } from './approval-expiry.ts';
import { noticeFor, type Notify } from './present-plan.ts';
import { runAndReport } from './run-and-report.ts';

export interface ApprovalClick {
  readonly approvalId: string;
  readonly approve: boolean;
  readonly user: string;
  /** The approval message, with the blocks Slack sent along with the click. */
  readonly message: Place & { readonly ts: string; readonly blocks: readonly unknown[] };
  /** Tells the approver who pressed, and only them. */
  readonly notify: Notify;
}

/**
 * Approve or Deny in the approval channel. The core decides who may (approvers, never the
 * requester), settles the first decision and re-reads every user; the approval message ends
 * without buttons and the requester hears the outcome in their own thread. Once the core has
 * settled the decision, no Slack failure may undo or stop it: every chat call after is best effort.
 */
export async function decideApprovalClick(deps: SlackDeps, click: ApprovalClick): Promise<void> {
  const approver = await deps.requesterOf(click.user);
  const outcome = await deps.service.decideApproval(click.approvalId, approver, click.approve);
  const approvalThread: Place = { channel: click.message.channel, threadTs: click.message.threadTs ?? click.message.ts };

  if (outcome.kind === 'approved' || outcome.kind === 'denied') {
    const { approval } = outcome;
    const view = describeApproval(approval);
    const show = (state: ApprovalState) => deps.chat.update(click.message.channel, click.message.ts, approvalHeadline(view, approval.requester), renderApprovalBlocks(view, state, approval.requester));
    const requesterThread = placeOf(approval.replyTo);
    const by = escapeMrkdwn(approver.displayName);
    if (outcome.kind === 'denied') {
      await bestEffort(deps, 'approval denied', () => show({ kind: 'denied', by: approver.displayName }));
      if (requesterThread) {
        await bestEffort(deps, 'requester told', () => deps.chat.post(requesterThread, `:no_entry_sign: ${by} denied your request for ${plural(approval.entries.length, 'user')}. Nothing was sent to them.`));
      }
      return;
    }
    await bestEffort(deps, 'approval running', () => show({ kind: 'approved', by: approver.displayName, summary: null }));
    let report;
    try {
      report = await runAndReport(deps, outcome.plan, approver, approvalThread, { requesterThread });
    } catch (error) {
      const failure = 'the run stopped with an error: some emails may have gone out. Check the thread and Okta before anyone resends them.';
      await bestEffort(deps, 'approval failed', () => show({ kind: 'failed', by: approver.displayName, message: failure }));
      // Not the approvers' thread or Okta, which she cannot see: that they know, and what to do.
      if (requesterThread) await bestEffort(deps, 'requester told', () => deps.chat.post(requesterThread, `:warning: ${by} approved your request, but the run stopped with an error: some emails may have gone out. The approvers were told; ask them before you ask again.`));
      throw error;
    }
    // Handed over on shutdown: the process that finishes the run tells the requester (resume-run.ts).
    if (!report) return;
    await bestEffort(deps, 'approval done', () => show({ kind: 'approved', by: approver.displayName, summary: describeReport(report).summary }));
    if (requesterThread) await tellRequesterOfRun(deps, requesterThread, by, report);
    return;
  }
  if (outcome.kind === 'approval_expired') {
    const view = describeApproval(outcome.approval);
    await bestEffort(deps, 'approval expired', () => deps.chat.update(click.message.channel, click.message.ts, approvalHeadline(view, outcome.approval.requester), renderApprovalBlocks(view, { kind: 'expired' }, outcome.approval.requester)));
    await click.notify(`:alarm_clock: ${escapeMrkdwn(outcome.message)}`);
    // This click found the expiry before the sweep did: the sweep will not report it, so tell now.
    const thread = placeOf(outcome.approval.replyTo);
    if (outcome.expiredNow && thread) await bestEffort(deps, 'requester told of expiry', () => deps.chat.post(thread, expiredNotice(outcome.approval)));
    return;
  }
  if (outcome.kind === 'unknown') {
    // Gone from the store (a restart of an in-memory store): the message can never be decided now.
    const line = ':alarm_clock: This approval request is no longer known. Nothing was sent; the requester can ask again.';
    await bestEffort(deps, 'approval unknown', () => deps.chat.update(click.message.channel, click.message.ts, line, settledBlocks(click.message.blocks, line)));
  }
  await click.notify(noticeFor(outcome));
}

/**
 * The approved run as its requester may read it (ReportViewer `requester`): each name as she typed
 * it, sent or not sent; the approvers' thread has the rest. Past what one message shows, the same
 * as a CSV.
 */
export async function tellRequesterOfRun(deps: SlackDeps, thread: Place, by: string, report: RunReport): Promise<void> {
  const view = describeReport(report, 'requester');
  const csvAttached = view.hiddenRows > 0 && (await bestEffort(deps, 'requester csv', () => deps.chat.uploadCsv(thread, `results-${report.planId}.csv`, reportToCsv(report, 'requester'), 'Each user you named, sent or not sent.')));
  await bestEffort(deps, 'requester told', () => deps.chat.post(thread, `:white_check_mark: ${by} approved your request: ${escapeMrkdwn(view.summary)}.`, renderReportBlocks(view, csvAttached)));
}
