import type { ScheduleLine } from '../../core/views/onboarding-views.ts';
import type { KnownBlock } from '../slack-types.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import { context, header, mrkdwn, plainText } from './block-kit.ts';

/** Cancel on one line of a "scheduled" listing; the value is the schedule id. */
export const ACTION_CANCEL_SCHEDULE = 'schedule_cancel';

/** Lines shown with a Cancel button each (a message holds 50 blocks); the rest are counted. */
const SHOWN = 40;

/**
 * `/resend-activation scheduled`: each scheduled send that has not started, with a Cancel button.
 * `note` (already mrkdwn) goes on top, e.g. what a cancel just did.
 */
export function renderScheduledList(lines: readonly ScheduleLine[], note: string | null = null): { text: string; blocks: KnownBlock[] } {
  const title = lines.length === 0 ? 'Nothing is scheduled' : `Scheduled sends (${lines.length})`;
  const blocks: KnownBlock[] = [];
  if (note) blocks.push({ type: 'section', text: mrkdwn(note) });
  blocks.push(header(title));
  for (const line of lines.slice(0, SHOWN)) {
    const who = line.count === 1 ? '1 person' : `${line.count} people`;
    blocks.push({
      type: 'section',
      text: mrkdwn(`*${escapeMrkdwn(line.when)}* — ${who}: ${escapeMrkdwn(line.who)}\nScheduled by ${escapeMrkdwn(line.requester)}`),
      accessory: {
        type: 'button',
        action_id: ACTION_CANCEL_SCHEDULE,
        text: plainText('Cancel'),
        value: line.id,
        style: 'danger',
        confirm: { title: plainText('Cancel this send?', 100), text: plainText(`Nobody in it is emailed at ${line.when}.`, 300), confirm: plainText('Cancel it', 30), deny: plainText('Keep it', 30) },
      },
    });
  }
  if (lines.length > SHOWN) blocks.push(context(`…and ${lines.length - SHOWN} more, later.`));
  if (lines.length === 0) blocks.push(context('Schedule a plan with its *Schedule…* button.'));
  return { text: note ? `${note}\n${title}` : title, blocks };
}
