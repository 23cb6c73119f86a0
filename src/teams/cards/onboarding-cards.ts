import type { DeliveryView, FollowUpView } from '../../core/views/onboarding-views.ts';
import type { CardAction } from '../card-actions.ts';
import { card, rowElement, submitAction, text, type CardAttachment, type CardElement } from './card-kit.ts';

/**
 * The follow-up posted in a run's conversation: who activated and who has not. The button asks the
 * core for a new plan of those still pending (by whoever presses, with their rights), which is
 * shown and confirmed like any other; the card keeps it, as more than one person may follow up.
 */
export function renderFollowUpCard(view: FollowUpView, runId: string): CardAttachment {
  const resend: CardAction = { action: 'resend_pending', runId };
  return card(
    [
      text(view.title, { weight: 'Bolder', size: 'Medium' }),
      text(view.summary, { isSubtle: true, spacing: 'None' }),
      ...view.rows.map(rowElement),
      ...(view.hiddenRows > 0 ? [text(`…and ${view.hiddenRows} more not shown here.`, { isSubtle: true })] : []),
    ],
    view.pending > 0 ? [submitAction(`Resend to ${view.pending} still pending`, { ...resend })] : [],
  );
}

/**
 * Emails of a run that did not arrive: each address with the provider's reason and what to do.
 * `clearBouncesOf` (a run id): the gateway can take its bounced addresses off Okta's bounce list,
 * offered behind a second step (Adaptive Cards have no confirm dialog: a folded form says what it
 * does, and only its button acts); the core allows admins only, once per run.
 */
export function renderDeliveryCard(view: DeliveryView, clearBouncesOf: string | null = null): CardAttachment {
  const actions: CardElement[] = [];
  if (clearBouncesOf && view.bounced.length > 0) {
    const count = view.bounced.length;
    const clear: CardAction = { action: 'clear_bounces', runId: clearBouncesOf };
    actions.push({
      type: 'Action.ShowCard',
      title: `Take ${count} off Okta's bounce list…`,
      card: {
        type: 'AdaptiveCard',
        body: [text(`Okta stops suppressing email to ${count === 1 ? 'this address' : `these ${count} addresses`}. Do it only once the address is fixed or the mailbox exists again. Admins only.`, { isSubtle: true })],
        actions: [submitAction('Take them off the bounce list', { ...clear }, 'destructive')],
      },
    });
  }
  return card(
    [
      text(view.title, { weight: 'Bolder', size: 'Medium', color: view.rows.length > 0 ? 'Attention' : 'Good' }),
      ...view.rows.map(rowElement),
      ...(view.hiddenRows > 0 ? [text(`…and ${view.hiddenRows} more not shown here.`, { isSubtle: true })] : []),
    ],
    actions,
  );
}
