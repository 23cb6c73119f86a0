import { renderScheduledList } from '../blocks/scheduled-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { KnownBlock } from '../slack-types.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { noticeFor } from './present-plan.ts';

/** A listing as Slack gets it: fallback text and blocks. */
export interface ScheduledListing {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** What is scheduled, as the core lets this person see it (their own; helpdesk everyone's). */
export async function scheduledListingFor(deps: SlackDeps, user: string, note: string | null = null): Promise<ScheduledListing> {
  const actor = await deps.requesterOf(user);
  return renderScheduledList(await deps.service.listScheduled(actor), note);
}

/** Cancel on a listing: the core decides (its requester, or helpdesk); the listing comes back fresh with what happened on top. */
export async function cancelScheduledClick(deps: SlackDeps, user: string, scheduleId: string): Promise<ScheduledListing> {
  const actor = await deps.requesterOf(user);
  const outcome = await deps.service.cancelScheduled(scheduleId, actor);
  const note = outcome.kind === 'cancelled'
    ? `:no_entry_sign: Cancelled: ${escapeMrkdwn(outcome.schedule.when)} — ${escapeMrkdwn(outcome.schedule.who)}. Nobody in it will be emailed.`
    : noticeFor(outcome);
  return scheduledListingFor(deps, user, note);
}
