import type { Requester } from '../../core/requester.ts';
import type { ResendService, SettleRefusal } from '../../core/resend-service.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import type { Logger } from '../../logging/logger.ts';
import type { ApprovalDesk } from '../approval-desk.ts';
import { bestEffort } from '../best-effort.ts';
import type { CardAction } from '../card-actions.ts';
import { noticeCard } from '../cards/card-kit.ts';
import { renderPlanCard } from '../cards/plan-card.ts';
import type { Thread } from '../thread.ts';
import { handleApprovalClick } from './approval-click.ts';
import { postOutcome, refusalLines } from './present-outcome.ts';
import { runConfirmedPlan } from './run-plan.ts';
import { schedulePlan } from './schedule-plan.ts';
import { cancelSchedule } from './scheduled-list.ts';

export interface CardClick {
  readonly service: ResendService;
  readonly thread: Thread;
  readonly actor: Requester;
  readonly action: CardAction;
  readonly approvals: ApprovalDesk;
  readonly logger: Logger;
  /** The clicked card's activity id: Teams sends it as the click's replyToId. */
  readonly cardId: string | null;
  readonly progressIntervalMs?: number | undefined;
  /** The click's localTimezone (Teams clients send it with every message; null: it did not). */
  readonly timeZone?: string | null | undefined;
}

/**
 * Confirm, Cancel, an offered alternative, or Approve / Deny on an approval card. The core decides
 * who may (the requester; approvers for approvals), when (before expiry) and how often (the first
 * click wins); this only shows the outcome.
 */
export async function handleCardClick(click: CardClick): Promise<void> {
  const { service, thread, actor, action, cardId, logger } = click;
  switch (action.action) {
    case 'confirm': {
      const outcome = await service.confirm(action.planId, actor, thread.replyTarget());
      if (outcome.kind === 'confirmed') {
        const { approvals, progressIntervalMs } = click;
        await runConfirmedPlan({ service, thread, plan: outcome.plan, approval: outcome.approval, approvals, actor, logger, cardId, progressIntervalMs });
      } else {
        await showRefusal(thread, cardId, outcome);
      }
      return;
    }
    case 'cancel': {
      const outcome = await service.cancel(action.planId, actor);
      if (outcome.kind !== 'cancelled') return showRefusal(thread, cardId, outcome);
      // Cancelled in the core: if the card cannot show it, a reply still must.
      const shown = cardId !== null && (await bestEffort(logger, 'plan cancelled', () => thread.updateCard(cardId, renderPlanCard(describePlan(outcome.plan), { kind: 'cancelled', by: actor.displayName }))));
      if (!shown) await thread.say(`Cancelled by ${actor.displayName}: nothing was sent.`);
      return;
    }
    case 'schedule':
    case 'schedule_start_dates':
      return schedulePlan({ service, thread, actor, action, cardId, logger, clickTimeZone: click.timeZone ?? null, showRefusal: (refusal) => showRefusal(thread, cardId, refusal) });
    case 'cancel_schedule':
      return cancelSchedule(service, thread, actor, action.scheduleId, cardId, logger);
    case 'resend_pending': {
      // A new request for those still pending, by whoever pressed, with their rights now.
      const outcome = await service.prepareFollowUpResend(action.runId, actor);
      if (outcome.kind === 'planned') await postOutcome(thread, outcome, click.timeZone ?? null);
      else await thread.say(refusalLines(outcome));
      return;
    }
    case 'clear_bounces': {
      // Done in Okta for the whole run, so said to the conversation; a refusal is a plain reply.
      const outcome = await service.clearBounces(action.runId, actor);
      if (outcome.kind !== 'cleared') return void (await thread.say(outcome.message));
      const removed = outcome.removed.join(', ') || 'none';
      await thread.say([`${actor.displayName} took ${removed} off Okta's bounce list. Resend once the mailbox is right.`, ...outcome.errors.map((e) => `${e.address}: ${e.reason}`)]);
      return;
    }
    case 'alternative':
    case 'send_anyway': {
      const outcome = action.action === 'alternative' ? await service.prepareAlternative(action.planId, actor, action.alternative) : await service.prepareSendAnyway(action.runId, actor);
      if (!('plan' in outcome)) {
        await thread.say(refusalLines(outcome));
        return;
      }
      try {
        await postOutcome(thread, outcome);
      } catch (error) {
        // Never shown, so withdrawn: pressing the offer again must make a new plan, not "already there".
        await service.alternativeNotShown(outcome.plan);
        throw error;
      }
      return;
    }
    case 'approve':
    case 'deny':
      return handleApprovalClick({
        service,
        desk: click.approvals,
        thread,
        approver: actor,
        approvalId: action.approvalId,
        approve: action.action === 'approve',
        cardId,
        logger,
        progressIntervalMs: click.progressIntervalMs,
      });
  }
}

/**
 * An expired or forgotten plan is closed for everyone, so its card loses the buttons. "Not your
 * request" and a second click are answers to one person: a reply, the card stays as it is.
 */
async function showRefusal(thread: Thread, cardId: string | null, refusal: SettleRefusal): Promise<void> {
  if (cardId && (refusal.kind === 'expired' || refusal.kind === 'unknown')) await thread.updateCard(cardId, noticeCard([refusal.message]));
  else await thread.say(refusal.message);
}
