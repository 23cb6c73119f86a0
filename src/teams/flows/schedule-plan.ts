import type { Requester } from '../../core/requester.ts';
import type { ResendService, ScheduleRequest, SettleRefusal } from '../../core/resend-service.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import type { Logger } from '../../logging/logger.ts';
import { bestEffort } from '../best-effort.ts';
import type { CardAction } from '../card-actions.ts';
import { renderPlanCard } from '../cards/plan-card.ts';
import { FALLBACK_TIME_ZONE } from '../schedule-offer.ts';
import type { Thread } from '../thread.ts';

type ScheduleAction = Extract<CardAction, { action: 'schedule' | 'schedule_start_dates' }>;

export interface ScheduleClick {
  readonly service: ResendService;
  readonly thread: Thread;
  readonly actor: Requester;
  readonly action: ScheduleAction;
  readonly cardId: string | null;
  readonly logger: Logger;
  /** The click's localTimezone (null: Teams did not send one). */
  readonly clickTimeZone: string | null;
  readonly showRefusal: (refusal: SettleRefusal) => Promise<void>;
}

/**
 * Which zone the chosen time is in: the one the card showed (captured from the request), else the
 * click's own, else UTC, said on the card so nobody is surprised by the hour.
 */
function zoneFor(action: ScheduleAction, clickTimeZone: string | null): { timeZone: string; fallback: boolean } {
  const known = action.timeZone || clickTimeZone;
  return known ? { timeZone: known, fallback: false } : { timeZone: FALLBACK_TIME_ZONE, fallback: true };
}

/**
 * The Schedule form of a plan card: the core settles the plan as scheduled (only its requester,
 * before it expires, once) and keeps this conversation as where the run reports. The card ends
 * "Scheduled for … by …" with no buttons, and names the rows left out; refusals are replied.
 */
export async function schedulePlan(click: ScheduleClick): Promise<void> {
  const { service, thread, actor, action, cardId, logger } = click;
  const zone = zoneFor(action, click.clickTimeZone);
  let when: ScheduleRequest;
  if (action.action === 'schedule_start_dates') when = { kind: 'start_dates', timeZone: zone.timeZone };
  else {
    const date = action.scheduleDate?.trim() ?? '';
    const time = action.scheduleTime?.trim() ?? '';
    if (!date || !time) return void (await thread.say('Pick a date and a time in the Schedule form, then press Schedule again.'));
    when = { kind: 'at', localDateTime: `${date}T${time}`, timeZone: zone.timeZone };
  }
  const outcome = await service.schedule(action.planId, actor, when, thread.replyTarget());
  if (outcome.kind !== 'scheduled') return click.showRefusal(outcome);
  const [first] = outcome.schedules;
  const users = (count: number) => (count === 1 ? '1 user' : `${count} users`);
  const headline = outcome.schedules.length === 1 && first
    ? `Scheduled for ${first.when} by ${actor.displayName}: ${users(first.count)}. Nothing is sent now.`
    : `Scheduled by ${actor.displayName} in ${outcome.schedules.length} sends, each on their start date. Nothing is sent now.`;
  const lines = [
    ...(outcome.schedules.length > 1 ? outcome.schedules.map((line) => `${line.when}: ${line.who}`) : []),
    ...outcome.notScheduled.map((line) => `Not scheduled: ${line}`),
    ...(zone.fallback ? [`Teams did not tell me your time zone, so the time is ${FALLBACK_TIME_ZONE}.`] : []),
    'At that time everyone is looked up in Okta again, and the run reports here. Send "scheduled" to see or cancel it.',
  ];
  // Scheduled in the core: if the card cannot show it, a reply still must.
  const shown = cardId !== null && (await bestEffort(logger, 'plan scheduled', () => thread.updateCard(cardId, renderPlanCard(describePlan(outcome.plan), { kind: 'scheduled', headline, lines }))));
  if (!shown) await thread.say([headline, ...lines]);
}
