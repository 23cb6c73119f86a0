import type { KnownBlock } from '../slack-types.ts';
import type { PlanView } from '../../core/views/plan-view.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import { actions, context, header, sections, type ButtonSpec } from './block-kit.ts';
import { rowLine } from './rows.ts';

export const ACTION_CONFIRM = 'plan_confirm';
export const ACTION_CANCEL = 'plan_cancel';
/** Followed by the alternative (`plan_offer_reset_password`): action ids must differ within a message. */
export const ACTION_OFFER_PREFIX = 'plan_offer_';
/** "Schedule…": opens the schedule modal; `_start_dates` when the plan's file gave start dates (no state kept between click and modal). */
export const ACTION_SCHEDULE = 'plan_schedule';
export const ACTION_SCHEDULE_START_DATES = 'plan_schedule_start_dates';

/** Whether a pending plan offers "Schedule…" (activation emails only, never a forced plan) and with start dates. */
export interface ScheduleOffer {
  readonly startDates: boolean;
}

/** What the plan message shows: live buttons only while pending. */
export type PlanState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'running'; readonly by: string }
  | { readonly kind: 'done'; readonly summary: string; readonly failed: boolean }
  | { readonly kind: 'cancelled'; readonly by: string }
  /** `lines`: already-escaped mrkdwn, one per schedule and per row not scheduled. */
  | { readonly kind: 'scheduled'; readonly by: string; readonly lines: readonly string[] }
  | { readonly kind: 'failed'; readonly message: string };

function stateLine(state: PlanState): string | null {
  switch (state.kind) {
    case 'pending':
      return null;
    case 'running':
      return `:hourglass_flowing_sand: Confirmed by ${escapeMrkdwn(state.by)} — running. Progress in the thread.`;
    case 'done':
      return `${state.failed ? ':warning:' : ':white_check_mark:'} Done: ${escapeMrkdwn(state.summary)}. Details in the thread.`;
    case 'cancelled':
      return `:no_entry_sign: Cancelled by ${escapeMrkdwn(state.by)}. Nothing was sent.`;
    case 'scheduled':
      return [`:alarm_clock: Scheduled by ${escapeMrkdwn(state.by)}. Nothing is sent now; at its time everyone is looked up in Okta again and the run reports in the thread.`, ...state.lines].join('\n');
    case 'failed':
      return `:warning: ${escapeMrkdwn(state.message)}`;
  }
}

function buttonsFor(view: PlanView, schedule: ScheduleOffer | null): ButtonSpec[] {
  const buttons: ButtonSpec[] = [];
  if (view.canConfirm) {
    buttons.push({
      actionId: ACTION_CONFIRM,
      text: view.confirmLabel,
      value: view.planId,
      style: view.warning ? 'danger' : 'primary',
      // The alternative plans are the explicit second confirmation: Slack asks once more, in words.
      ...(view.warning ? { confirm: { title: 'Are you sure?', text: view.warning, confirm: view.confirmLabel } } : {}),
    });
  }
  if (view.canConfirm && schedule) buttons.push({ actionId: schedule.startDates ? ACTION_SCHEDULE_START_DATES : ACTION_SCHEDULE, text: 'Schedule…', value: view.planId });
  for (const offer of view.offers) buttons.push({ actionId: `${ACTION_OFFER_PREFIX}${offer.alternative}`, text: offer.label, value: view.planId });
  buttons.push({ actionId: ACTION_CANCEL, text: view.canConfirm ? 'Cancel' : 'Dismiss', value: view.planId });
  return buttons;
}

/** The plan as Block Kit: title, counts, warning, rows (small plans), not-understood lines, buttons or final state. */
export function renderPlanBlocks(view: PlanView, state: PlanState, schedule: ScheduleOffer | null = null): KnownBlock[] {
  const blocks: KnownBlock[] = [header(view.title)];
  if (view.warning) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: *${escapeMrkdwn(view.warning)}*`, verbatim: true } });
  blocks.push(context(escapeMrkdwn(view.summary.join(' · '))));
  if (view.rows.length > 0) blocks.push(...sections(view.rows.map(rowLine)));
  if (view.hiddenRows > 0) blocks.push(context(`…and ${view.hiddenRows} more: every user is in the CSV in the thread.`));
  if (view.rejected.length > 0) blocks.push(...sections(['*Not understood:*', ...view.rejected.map((line) => `• ${escapeMrkdwn(line)}`)]));
  const line = stateLine(state);
  if (line) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: line, verbatim: true } });
  else {
    blocks.push(actions('plan_actions', buttonsFor(view, schedule)));
    blocks.push(context(`Only the person who asked can confirm. This plan expires in ${view.expiresInMinutes} minutes.`));
  }
  return blocks.slice(0, 50);
}

/** Notification text (and what screen readers announce); no user text in it. */
export function planFallbackText(view: PlanView): string {
  return `${view.title} ${view.summary.join(' · ')}`;
}
