import type { Plan } from '../../core/plan.ts';
import type { PrepareOutcome, SettleRefusal } from '../../core/resend-service.ts';
import { planToCsv } from '../../core/views/csv-export.ts';
import { describePlan, describeRejected } from '../../core/views/plan-view.ts';
import { planFallbackText, renderPlanBlocks, type ScheduleOffer } from '../blocks/plan-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import { cannotPostThere, type Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { bestEffort } from './best-effort.ts';

/** Tells only the requester (an ephemeral message or the command's response_url). */
export type Notify = (mrkdwn: string) => Promise<void>;

/** Where a request came from: the plan goes to `place`; problems go to `notify`. */
export interface RequestOrigin {
  readonly place: Place;
  readonly user: string;
  readonly notify: Notify;
}

const ICONS: Record<Exclude<PrepareOutcome['kind'], 'planned'>, string> = {
  refused: ':no_entry:',
  invalid: ':warning:',
  unavailable: ':warning:',
  nothing: ':information_source:',
};

export function noticeFor(outcome: Exclude<PrepareOutcome, { kind: 'planned' }> | SettleRefusal): string {
  const icon = outcome.kind in ICONS ? ICONS[outcome.kind as keyof typeof ICONS] : ':information_source:';
  const lines = [`${icon} ${escapeMrkdwn(outcome.message)}`];
  if (outcome.kind === 'nothing') {
    for (const line of describeRejected(outcome.parsed.rejected)) lines.push(`• ${escapeMrkdwn(line)}`);
  }
  return lines.join('\n');
}

/** A prepared request: the plan is posted where it was asked for, anything else told to the requester. */
export async function presentPrepared(deps: SlackDeps, outcome: PrepareOutcome | SettleRefusal, origin: RequestOrigin): Promise<void> {
  if (outcome.kind === 'planned') await postPlan(deps, outcome.plan, origin);
  else await origin.notify(noticeFor(outcome));
}

/**
 * "Schedule…" is offered on plans of activation emails (the core refuses the rest: password
 * resets and forced plans are for now), with the start-date choice when the file gave dates.
 */
export function scheduleOfferFor(plan: Plan): ScheduleOffer | null {
  if (plan.kind !== 'resend' || plan.forced) return null;
  return { startDates: plan.entries.some((entry) => Boolean(entry.identifier.startDate)) };
}

/**
 * Posts the plan with chat.postMessage (so it can be edited and threaded). Where the bot cannot
 * post (a DM between two people, a channel it is not in) the plan goes to the requester's DM with
 * the bot instead. Plans too big to list go with a CSV of every row in their thread.
 */
export async function postPlan(deps: SlackDeps, plan: Plan, origin: RequestOrigin): Promise<void> {
  const view = describePlan(plan);
  const blocks = renderPlanBlocks(view, { kind: 'pending' }, scheduleOfferFor(plan));
  const text = escapeMrkdwn(planFallbackText(view));
  let place = origin.place;
  let ts: string;
  try {
    ts = await deps.chat.post(place, text, blocks);
  } catch (error) {
    if (!cannotPostThere(error)) throw error;
    place = { channel: await deps.chat.directMessageWith(origin.user), threadTs: null };
    ts = await deps.chat.post(place, text, blocks);
    await origin.notify(':information_source: I cannot post in this conversation, so I sent the plan to you in a direct message.');
  }
  if (view.hiddenRows > 0 || plan.rejected.length > view.rejected.length) {
    const thread = { channel: place.channel, threadTs: place.threadTs ?? ts };
    const attached = await bestEffort(deps, 'plan csv', () => deps.chat.uploadCsv(thread, `plan-${plan.id}.csv`, planToCsv(plan), 'Every user in this plan, with what will happen to them.'));
    if (!attached) await bestEffort(deps, 'plan csv note', () => deps.chat.post(thread, ':warning: I could not attach the CSV of every user (does the app have `files:write`?). The plan above still works.'));
  }
}
