import type { ScheduleLine } from '../../core/views/onboarding-views.ts';
import type { CardAction } from '../card-actions.ts';
import { card, submitAction, text, type CardAttachment, type CardElement } from './card-kit.ts';

/** Schedules listed on one card; each line is about 1 KB at most, so the card stays far below 28 KB. */
const LINES_SHOWN = 15;

function scheduleElement(line: ScheduleLine): CardElement {
  const cancel: CardAction = { action: 'cancel_schedule', scheduleId: line.id };
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      text(line.when, { weight: 'Bolder' }),
      text(`${line.count === 1 ? '1 user' : `${line.count} users`}: ${line.who}`, { spacing: 'None' }),
      text(`Scheduled by ${line.requester}`, { isSubtle: true, spacing: 'None' }),
      // One Cancel per schedule, under it: only the schedule's id travels.
      { type: 'ActionSet', actions: [submitAction('Cancel this send', { ...cancel }, 'destructive')] },
    ],
  };
}

/**
 * "scheduled": the sends still to come that the person may see (their own; helpdesk everyone's),
 * soonest first, each with a Cancel. `notice`: what the last click on this card did.
 */
export function renderScheduledCard(lines: readonly ScheduleLine[], notice: string | null = null): CardAttachment {
  const body: CardElement[] = [];
  if (notice) body.push(text(notice, { weight: 'Bolder', color: 'Accent' }));
  if (lines.length === 0) {
    body.push(text('Nothing is scheduled.', { weight: 'Bolder', size: 'Medium' }));
    return card(body);
  }
  body.push(text(`Scheduled sends: ${lines.length}`, { weight: 'Bolder', size: 'Medium' }));
  body.push(text('At its time, everyone is looked up in Okta again and the run reports where it was scheduled.', { isSubtle: true, spacing: 'None' }));
  body.push(...lines.slice(0, LINES_SHOWN).map(scheduleElement));
  if (lines.length > LINES_SHOWN) body.push(text(`…and ${lines.length - LINES_SHOWN} later ones: cancel some of these, or send "scheduled" again later, to see them.`, { isSubtle: true }));
  return card(body);
}
