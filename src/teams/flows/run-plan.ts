import type { Approval } from '../../core/approvals.ts';
import type { Plan } from '../../core/plan.ts';
import type { Requester } from '../../core/requester.ts';
import type { ResendService } from '../../core/resend-service.ts';
import { plural } from '../../core/views/labels.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import type { ApprovalDesk, ApprovalPosting } from '../approval-desk.ts';
import { renderPlanCard } from '../cards/plan-card.ts';
import type { Thread } from '../thread.ts';
import { runAndReport } from './report-run.ts';

export interface RunPlanOptions {
  readonly service: ResendService;
  readonly thread: Thread;
  readonly plan: Plan;
  readonly approval: Approval | null;
  readonly approvals: ApprovalDesk;
  readonly actor: Requester;
  /** The plan card's activity id (the click's replyToId); null when Teams did not say. */
  readonly cardId: string | null;
  readonly progressIntervalMs?: number | undefined;
}

/**
 * A confirmed plan: the card loses its buttons ("Confirmed by … — running"), the users who need
 * an approver go to the approval channel (the requester is told which way it went), a progress
 * message is edited in place at most every 2 s, the results are replied (failures first), and the
 * card ends in its final state with the counts.
 */
export async function runConfirmedPlan(options: RunPlanOptions): Promise<void> {
  const { service, thread, plan, approval, actor, cardId } = options;
  const view = describePlan(plan);
  if (approval && plan.counts.send === 0) {
    // Nothing to send directly: no run, no empty report; the card says where the request went.
    const posting = await askApprovers(options.approvals, thread, approval);
    const message = posting === 'posted'
      ? `Confirmed by ${actor.displayName} — waiting for an approver.`
      : `Confirmed by ${actor.displayName} — nothing was sent: no approver could be asked.`;
    if (cardId) await thread.updateCard(cardId, renderPlanCard(view, { kind: 'handed_over', message }));
    return;
  }
  if (cardId) await thread.updateCard(cardId, renderPlanCard(view, { kind: 'running', by: actor.displayName }));
  if (approval) await askApprovers(options.approvals, thread, approval);
  try {
    const { report, view: reportView } = await runAndReport(service, thread, plan, actor, options.progressIntervalMs);
    if (cardId) await thread.updateCard(cardId, renderPlanCard(view, { kind: 'done', summary: reportView.summary, failed: report.counts.failed > 0 }));
  } catch (error) {
    if (cardId) {
      const message = 'The run stopped with an error: some emails may have gone out. Check Okta before running it again.';
      await thread.updateCard(cardId, renderPlanCard(view, { kind: 'failed', message })).catch(() => undefined);
    }
    throw error;
  }
}

/** Posts the approval card and tells the requester, in plain words, what became of those users. */
async function askApprovers(desk: ApprovalDesk, thread: Thread, approval: Approval): Promise<ApprovalPosting> {
  const one = approval.entries.length === 1;
  const needs = `${plural(approval.entries.length, 'user')} ${one ? 'needs' : 'need'} an approver (not your direct report${one ? '' : 's'})`;
  const notSent = `so ${one ? 'that email was' : 'those emails were'} not sent. Ask your helpdesk to send ${one ? 'it' : 'them'}.`;
  const posting = await desk.request(approval);
  const message = {
    posted: `${needs}: I asked the approvers, and you will hear back in this conversation.`,
    not_configured: `${needs}, but approvals are not configured for Teams, ${notSent}`,
    failed: `${needs}, but I could not post the request to the approvers, ${notSent}`,
  }[posting];
  await thread.say(message);
  return posting;
}
