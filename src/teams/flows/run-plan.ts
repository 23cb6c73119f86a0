import type { Approval } from '../../core/approvals.ts';
import type { Plan } from '../../core/plan.ts';
import type { Requester } from '../../core/requester.ts';
import type { ResendService } from '../../core/resend-service.ts';
import type { Logger } from '../../logging/logger.ts';
import { plural } from '../../core/views/labels.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import type { ApprovalDesk, ApprovalPosting } from '../approval-desk.ts';
import { bestEffort } from '../best-effort.ts';
import { renderPlanCard, type PlanCardState } from '../cards/plan-card.ts';
import type { Thread } from '../thread.ts';
import { runAndReport } from './report-run.ts';

export interface RunPlanOptions {
  readonly service: ResendService;
  readonly thread: Thread;
  readonly plan: Plan;
  readonly approval: Approval | null;
  readonly approvals: ApprovalDesk;
  readonly actor: Requester;
  readonly logger: Logger;
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
  const { service, thread, plan, approval, actor, cardId, logger } = options;
  const view = describePlan(plan);
  // The plan is confirmed in the core now: whatever the Bot Connector does, the run must happen.
  const show = async (step: string, state: PlanCardState) => {
    if (cardId) await bestEffort(logger, step, () => thread.updateCard(cardId, renderPlanCard(view, state)));
  };
  if (approval && plan.counts.send === 0) {
    // Nothing to send directly: no run, no empty report; the card says where the request went.
    const posting = await askApprovers(options, approval);
    const message = posting.kind === 'posted'
      ? `Confirmed by ${actor.displayName} — waiting for an approver.`
      : `Confirmed by ${actor.displayName} — nothing was sent: no approver could be asked.`;
    await show('plan handed over', { kind: 'handed_over', message });
    return;
  }
  await show('plan running', { kind: 'running', by: actor.displayName });
  if (approval) await askApprovers(options, approval);
  let run: Awaited<ReturnType<typeof runAndReport>>;
  try {
    run = await runAndReport({ service, thread, plan, actor, logger, progressIntervalMs: options.progressIntervalMs, extras: cardId ? { cardId } : {} });
  } catch (error) {
    await show('plan failed', { kind: 'failed', message: 'The run stopped with an error: some emails may have gone out. Check Okta before running it again.' });
    throw error;
  }
  // Handed over on shutdown: the card stays "running"; the process that finishes the run ends it.
  if (run) await show('plan done', { kind: 'done', summary: run.view.summary, failed: run.report.counts.failed > 0 });
}

/**
 * Posts the approval card, tells the core where it went (so the expiry sweep can close it) or that
 * it went nowhere (so it can never be approved), and tells the requester, in plain words, what
 * became of those users.
 */
async function askApprovers({ service, approvals: desk, thread, logger }: RunPlanOptions, approval: Approval): Promise<ApprovalPosting> {
  const one = approval.entries.length === 1;
  const needs = `${plural(approval.entries.length, 'user')} ${one ? 'needs' : 'need'} an approver (not your direct report${one ? '' : 's'})`;
  const notSent = `so ${one ? 'that email was' : 'those emails were'} not sent. Ask your helpdesk to send ${one ? 'it' : 'them'}.`;
  const posting = await desk.request(approval);
  try {
    if (posting.kind === 'posted') await service.approvalPosted(approval, posting.at);
    else await service.approvalNotPosted(approval, posting.why);
  } catch (error) {
    // The card is out (or not) either way; a store hiccup here must not stop the confirmed run.
    logger.error({ err: error, approvalId: approval.id, posting: posting.kind }, 'teams: could not record where the approval request went');
  }
  const message = {
    posted: `${needs}: I asked the approvers, and you will hear back in this conversation.`,
    not_configured: `${needs}, but approvals are not configured for Teams, ${notSent}`,
    failed: `${needs}, but I could not post the request to the approvers, ${notSent}`,
  }[posting.kind];
  await bestEffort(logger, 'approval notice', () => thread.say(message));
  return posting;
}
