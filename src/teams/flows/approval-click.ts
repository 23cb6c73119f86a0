import type { Approval } from '../../core/approvals.ts';
import type { Requester } from '../../core/requester.ts';
import type { RunReport } from '../../core/run-report.ts';
import type { ResendService } from '../../core/resend-service.ts';
import { plural } from '../../core/views/labels.ts';
import { requestedNames } from '../../core/views/approval-view.ts';
import { describeReport } from '../../core/views/report-view.ts';
import type { Logger } from '../../logging/logger.ts';
import type { ApprovalDesk } from '../approval-desk.ts';
import { bestEffort } from '../best-effort.ts';
import { renderApprovalCard, type ApprovalCardState } from '../cards/approval-card.ts';
import { renderFullResults, renderReportCard } from '../cards/report-card.ts';
import type { Thread } from '../thread.ts';
import { expiredNotice } from '../approval-sweep.ts';
import { runAndReport } from './report-run.ts';

export interface ApprovalClick {
  readonly service: ResendService;
  readonly desk: ApprovalDesk;
  /** The approval card's thread in the approval conversation. */
  readonly thread: Thread;
  readonly approver: Requester;
  readonly approvalId: string;
  readonly approve: boolean;
  readonly logger: Logger;
  /** The approval card's activity id: Teams sends it as the click's replyToId. */
  readonly cardId: string | null;
  readonly progressIntervalMs?: number | undefined;
}

/**
 * Approve or Deny on an approval card. The core decides who may (approvers, never the requester),
 * until when, and that the first decision wins; a refusal is a reply to the person who clicked and
 * leaves the card as it is for the others. Approved users are sent from the approval thread (with
 * progress and results there), and the requester hears the outcome in their own thread.
 */
export async function handleApprovalClick(click: ApprovalClick): Promise<void> {
  const { service, thread, approver, logger } = click;
  const outcome = await service.decideApproval(click.approvalId, approver, click.approve);
  if (outcome.kind === 'denied') return denied(click, outcome.approval);
  if (outcome.kind === 'approval_expired') {
    // Too late for anyone: the card loses its buttons so that nobody else tries.
    await show(click, outcome.approval, { kind: 'expired' });
    // This click found the expiry before the sweep did: the sweep will not report it, so tell now.
    if (outcome.expiredNow) await report(click, outcome.approval, (requesterThread) => requesterThread.say(expiredNotice(outcome.approval)));
    return void (await thread.say(outcome.message));
  }
  if (outcome.kind !== 'approved') return void (await thread.say(outcome.message));

  // Approved in the core: from here on only the run itself may stop the flow.
  const { approval } = outcome;
  await show(click, approval, { kind: 'running', by: approver.displayName });
  let run: Awaited<ReturnType<typeof runAndReport>>;
  try {
    // A process that takes this run over after a restart tells the requester too (resume-run.ts).
    const extras = approval.replyTo ? { requesterTarget: JSON.stringify(approval.replyTo), approvedBy: approver.displayName, approvalUsers: String(approval.entries.length) } : {};
    run = await runAndReport({ service, thread, plan: outcome.plan, actor: approver, logger, progressIntervalMs: click.progressIntervalMs, extras });
  } catch (error) {
    const message = `Approved by ${approver.displayName}, but the run stopped with an error: some emails may have gone out. Check Okta before anyone resends them.`;
    await show(click, approval, { kind: 'failed', message });
    await report(click, outcome.approval, (requesterThread) =>
      requesterThread.say(`${approver.displayName} approved your request, but the run stopped with an error: some emails may have gone out. The approvers were told to check Okta.`),
    );
    throw error;
  }
  // Handed over on shutdown: the process that finishes the run reports it in this thread.
  if (!run) return;
  await show(click, approval, { kind: 'approved', by: approver.displayName, summary: run.view.summary, failed: run.report.counts.failed > 0 });
  // The requester may read the run only as ReportViewer `requester`: sent or not sent per name as
  // she typed it. The approvers' card and thread (run.view) hold what Okta said.
  const finished = run.report;
  await report(click, outcome.approval, (requesterThread) => tellRequesterOfRun(requesterThread, approver.displayName, approval.entries.length, finished, logger));
}

async function show(click: ApprovalClick, approval: Approval, state: ApprovalCardState): Promise<void> {
  const { cardId, thread, logger } = click;
  if (cardId) await bestEffort(logger, `approval card ${state.kind}`, () => thread.updateCard(cardId, renderApprovalCard(approval, state)));
}

async function denied(click: ApprovalClick, approval: Approval): Promise<void> {
  const { approver } = click;
  await show(click, approval, { kind: 'denied', by: approver.displayName });
  // The names as she typed them: the logins on the approval card are not hers to see.
  await report(click, approval, (requesterThread) =>
    requesterThread.say([
      `${approver.displayName} denied your request to resend activation emails to ${plural(approval.entries.length, 'user')}: nothing was sent to them.`,
      ...requestedNames(approval),
    ]),
  );
}

/** The requester's thread may be gone (a chat deleted, the app removed): the approvers learn that. */
async function report(click: ApprovalClick, approval: Approval, post: (thread: Thread) => Promise<unknown>): Promise<void> {
  const told = await click.desk.tellRequester(approval, async (thread) => void (await post(thread)));
  if (!told) await bestEffort(click.logger, 'requester not told', () => click.thread.say(`I could not tell ${approval.requester.displayName} in their conversation: let them know.`));
}

/**
 * The approved run as its requester may read it (ReportViewer `requester`): sent or not sent per
 * name as she typed it; the approvers' card and thread hold what Okta said. The outcome line must
 * arrive (else the approvers are asked to pass it on); the details may not.
 */
export async function tellRequesterOfRun(requesterThread: Thread, approvedBy: string, users: number, finished: RunReport, logger: Logger): Promise<void> {
  const forRequester = describeReport(finished, 'requester');
  await requesterThread.say(`${approvedBy} approved your request for ${plural(users, 'user')}: ${forRequester.summary}.`);
  await bestEffort(logger, 'requester report card', () => requesterThread.sendCard(renderReportCard(forRequester)));
  if (forRequester.hiddenRows > 0) {
    for (const chunk of renderFullResults(finished, 'requester')) await bestEffort(logger, 'requester full results', () => requesterThread.sayMarkdown(chunk));
  }
}
