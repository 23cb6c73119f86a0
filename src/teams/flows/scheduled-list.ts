import type { Requester } from '../../core/requester.ts';
import type { ResendService } from '../../core/resend-service.ts';
import type { Logger } from '../../logging/logger.ts';
import { bestEffort } from '../best-effort.ts';
import { renderScheduledCard } from '../cards/scheduled-card.ts';
import type { Thread } from '../thread.ts';

/** "scheduled" typed to the bot: what is still to come (own; helpdesk everyone's), each with a Cancel. */
export async function postScheduledList(service: ResendService, thread: Thread, actor: Requester): Promise<void> {
  await thread.sendCard(renderScheduledCard(await service.listScheduled(actor)));
}

/**
 * Cancel on one line of the list: the core decides (its requester or helpdesk, before it starts).
 * The list card is drawn again with what is left and what happened; a refusal is a reply.
 */
export async function cancelSchedule(service: ResendService, thread: Thread, actor: Requester, scheduleId: string, cardId: string | null, logger: Logger): Promise<void> {
  const outcome = await service.cancelScheduled(scheduleId, actor);
  if (outcome.kind !== 'cancelled') return void (await thread.say(outcome.message));
  const notice = `Cancelled by ${actor.displayName}: ${outcome.schedule.when}, ${outcome.schedule.who}. Nothing will be sent.`;
  const shown = cardId !== null && (await bestEffort(logger, 'schedule cancelled', async () => thread.updateCard(cardId, renderScheduledCard(await service.listScheduled(actor), notice))));
  if (!shown) await thread.say(notice);
}
