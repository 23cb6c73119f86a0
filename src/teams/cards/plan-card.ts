import type { PlanView } from '../../core/views/plan-view.ts';
import type { CardAction } from '../card-actions.ts';
import { card, rowElement, submitAction, text, type CardAttachment, type CardElement } from './card-kit.ts';

/** Where a plan card stands; settled cards carry no buttons, so nobody can click them again. */
export type PlanCardState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'running'; readonly by: string }
  | { readonly kind: 'done'; readonly summary: string; readonly failed: boolean }
  | { readonly kind: 'cancelled'; readonly by: string }
  /** Confirmed, but nothing ran here: every user went to an approver (or could not). */
  | { readonly kind: 'handed_over'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

function planBody(view: PlanView): CardElement[] {
  const body: CardElement[] = [text(view.title, { weight: 'Bolder', size: 'Medium' })];
  if (view.warning) body.push(text(view.warning, { color: 'Warning' }));
  body.push(text(view.summary.join(' · '), { isSubtle: true, spacing: 'None' }));
  body.push(...view.rows.map(rowElement));
  if (view.hiddenRows > 0) body.push(text(`…and ${view.hiddenRows} more not shown here.`, { isSubtle: true }));
  if (view.rejected.length > 0) {
    body.push(text('Not understood:', { weight: 'Bolder', spacing: 'Medium' }));
    body.push(...view.rejected.map((line) => text(line, { spacing: 'None' })));
  }
  return body;
}

function statusLine(state: Exclude<PlanCardState, { kind: 'pending' }>): CardElement {
  switch (state.kind) {
    case 'running':
      return text(`Confirmed by ${state.by} — running…`, { weight: 'Bolder', color: 'Accent', spacing: 'Medium' });
    case 'done':
      return text(`${state.failed ? 'Done, with failures' : 'Done'}: ${state.summary}`, { weight: 'Bolder', color: state.failed ? 'Attention' : 'Good', spacing: 'Medium' });
    case 'cancelled':
      return text(`Cancelled by ${state.by} — nothing was sent.`, { weight: 'Bolder', spacing: 'Medium' });
    case 'handed_over':
      return text(state.message, { weight: 'Bolder', spacing: 'Medium' });
    case 'failed':
      return text(state.message, { weight: 'Bolder', color: 'Attention', spacing: 'Medium' });
  }
}

export function renderPlanCard(view: PlanView, state: PlanCardState = { kind: 'pending' }): CardAttachment {
  const body = planBody(view);
  if (state.kind !== 'pending') return card([...body, statusLine(state)]);
  const actions: CardElement[] = [];
  if (view.canConfirm) {
    body.push(text(`Only you can confirm. Expires in ${view.expiresInMinutes} min.`, { isSubtle: true, spacing: 'Medium' }));
    actions.push(submitAction(view.confirmLabel, data({ action: 'confirm', planId: view.planId }), 'positive'));
    actions.push(submitAction('Cancel', data({ action: 'cancel', planId: view.planId })));
  }
  for (const offer of view.offers) {
    actions.push(submitAction(offer.label, data({ action: 'alternative', planId: view.planId, alternative: offer.alternative })));
  }
  return card(body, actions);
}

function data(action: CardAction): Record<string, string> {
  return { ...action };
}
