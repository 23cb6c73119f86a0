import type { DeliveryView, FollowUpView } from '../../core/views/onboarding-views.ts';
import type { KnownBlock } from '../slack-types.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import { actions, context, header, sections } from './block-kit.ts';
import { rowLine } from './rows.ts';

/** "Resend to N still pending" under a follow-up: a new plan of just them, made by the core on click. */
export const ACTION_FOLLOW_UP_RESEND = 'follow_up_resend';
/** "Take N off Okta's bounce list…" under delivery failures: admins only (the core checks), after Slack's confirm dialog. */
export const ACTION_CLEAR_BOUNCES = 'delivery_clear_bounces';

/** Who activated since the run (the core's view), and the button for those still pending. */
export function renderFollowUpBlocks(view: FollowUpView, runId: string): KnownBlock[] {
  const blocks: KnownBlock[] = [header(view.title), context(escapeMrkdwn(view.summary)), ...sections(view.rows.map(rowLine))];
  if (view.hiddenRows > 0) blocks.push(context(`…and ${view.hiddenRows} more.`));
  const capped = blocks.slice(0, view.pending > 0 ? 49 : 50);
  if (view.pending > 0) capped.push(actions('follow_up', [{ actionId: ACTION_FOLLOW_UP_RESEND, text: `Resend to ${view.pending} still pending`, value: runId }]));
  return capped;
}

/**
 * Emails that did not arrive, each with the provider's reason and what to do (the row's hint);
 * with `clearBouncesFor` (a run id) the offer to take bounced addresses off Okta's bounce list.
 */
export function renderDeliveryBlocks(view: DeliveryView, clearBouncesFor: string | null = null): KnownBlock[] {
  const blocks: KnownBlock[] = [header(view.title), ...sections(view.rows.map(rowLine))];
  if (view.hiddenRows > 0) blocks.push(context(`…and ${view.hiddenRows} more.`));
  const capped = blocks.slice(0, clearBouncesFor ? 49 : 50);
  if (clearBouncesFor) {
    const count = view.bounced.length;
    const confirm = { title: 'Take them off the bounce list?', text: `Okta stops suppressing email to ${count === 1 ? 'this address' : `these ${count} addresses`}. Do it only once the address is fixed or the mailbox exists again.`, confirm: 'Take them off' };
    capped.push(actions('delivery', [{ actionId: ACTION_CLEAR_BOUNCES, text: `Take ${count} off Okta's bounce list…`, value: clearBouncesFor, confirm }]));
  }
  return capped;
}
