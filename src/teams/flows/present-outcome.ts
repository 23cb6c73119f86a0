import type { PrepareOutcome, SettleRefusal } from '../../core/resend-service.ts';
import { describePlan, describeRejected } from '../../core/views/plan-view.ts';
import { noticeCard } from '../cards/card-kit.ts';
import { renderPlanCard } from '../cards/plan-card.ts';
import { scheduleOfferFor } from '../schedule-offer.ts';
import type { Thread } from '../thread.ts';

/** Why nothing was planned, as lines of plain text (escaped when rendered). */
export function refusalLines(outcome: Exclude<PrepareOutcome, { kind: 'planned' }> | SettleRefusal): string[] {
  const lines = [outcome.message];
  if (outcome.kind === 'nothing') lines.push(...describeRejected(outcome.parsed.rejected));
  return lines;
}

/**
 * A plan becomes a card with buttons (and a Schedule form, in `timeZone`: the requester's, from
 * the activity answered; null when Teams did not say); a refusal stays a short text reply.
 */
export async function postOutcome(thread: Thread, outcome: PrepareOutcome, timeZone: string | null = null): Promise<void> {
  if (outcome.kind === 'planned') await thread.sendCard(renderPlanCard(describePlan(outcome.plan), { kind: 'pending' }, scheduleOfferFor(outcome.plan, timeZone)));
  else await thread.say(refusalLines(outcome));
}

/** The message action's placeholder card turns into the plan, or into why there is none. */
export async function replaceWithOutcome(thread: Thread, cardId: string, outcome: PrepareOutcome, timeZone: string | null = null): Promise<void> {
  const next = outcome.kind === 'planned' ? renderPlanCard(describePlan(outcome.plan), { kind: 'pending' }, scheduleOfferFor(outcome.plan, timeZone)) : noticeCard(refusalLines(outcome));
  await thread.updateCard(cardId, next);
}
