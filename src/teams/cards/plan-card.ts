import type { PlanView } from '../../core/views/plan-view.ts';
import type { CardAction } from '../card-actions.ts';
import type { ScheduleOffer } from '../schedule-offer.ts';
import { card, rowElement, submitAction, text, type CardAttachment, type CardElement } from './card-kit.ts';

/** Where a plan card stands; settled cards carry no buttons, so nobody can click them again. */
export type PlanCardState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'running'; readonly by: string }
  | { readonly kind: 'done'; readonly summary: string; readonly failed: boolean }
  | { readonly kind: 'cancelled'; readonly by: string }
  /** `headline` ("Scheduled for … by …"), then one plain line per schedule and per row left out. */
  | { readonly kind: 'scheduled'; readonly headline: string; readonly lines: readonly string[] }
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

function statusLine(state: Exclude<PlanCardState, { kind: 'pending' | 'scheduled' }>): CardElement {
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

/**
 * `schedule`: the plan may go out later instead (activation emails only); a "Schedule…" button
 * opens a form with a date, a time and, for files with start dates, "each on their start date".
 */
export function renderPlanCard(view: PlanView, state: PlanCardState = { kind: 'pending' }, schedule: ScheduleOffer | null = null): CardAttachment {
  const body = planBody(view);
  if (state.kind === 'scheduled') {
    return card([...body, text(state.headline, { weight: 'Bolder', color: 'Accent', spacing: 'Medium' }), ...state.lines.map((line) => text(line, { spacing: 'None' }))]);
  }
  if (state.kind !== 'pending') return card([...body, statusLine(state)]);
  const actions: CardElement[] = [];
  if (view.canConfirm) {
    body.push(text(`Only you can confirm. Expires in ${view.expiresInMinutes} min.`, { isSubtle: true, spacing: 'Medium' }));
    actions.push(submitAction(view.confirmLabel, data({ action: 'confirm', planId: view.planId }), 'positive'));
    actions.push(submitAction('Cancel', data({ action: 'cancel', planId: view.planId })));
    if (schedule) actions.push(scheduleForm(view.planId, schedule));
  }
  for (const offer of view.offers) {
    actions.push(submitAction(offer.label, data({ action: 'alternative', planId: view.planId, alternative: offer.alternative })));
  }
  return card(body, actions);
}

/**
 * An Action.ShowCard, so the form stays folded until wanted. Its Submit buttons carry the inputs
 * (merged into the click's value by id) and the zone the label showed, so that the time is read
 * in the zone the person saw.
 */
function scheduleForm(planId: string, offer: ScheduleOffer): CardElement {
  const zone = offer.timeZone ? { timeZone: offer.timeZone } : {};
  const timeLabel = offer.timeZone ? `Time (${offer.timeZone})` : 'Time (your Teams time zone; UTC if Teams does not tell me)';
  const actions = [submitAction('Schedule', data({ action: 'schedule', planId, ...zone }), 'positive')];
  if (offer.startDates) actions.push(submitAction('Schedule each on their start date', data({ action: 'schedule_start_dates', planId, ...zone })));
  return {
    type: 'Action.ShowCard',
    title: 'Schedule…',
    card: {
      type: 'AdaptiveCard',
      body: [
        text('Send later instead: nothing goes out now. At that time everyone is looked up in Okta again, and the run reports here.', { isSubtle: true }),
        // Labels are plain text (no Markdown); the zone is one the runtime's Intl knows.
        { type: 'Input.Date', id: 'scheduleDate', label: 'Date', value: offer.defaultDate },
        { type: 'Input.Time', id: 'scheduleTime', label: timeLabel, value: offer.defaultTime },
      ],
      actions,
    },
  };
}

function data(action: CardAction): Record<string, string> {
  return Object.fromEntries(Object.entries(action).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
