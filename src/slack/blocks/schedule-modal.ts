import { formatZoned } from '../../core/schedule/zoned-time.ts';
import type { ScheduleRequest } from '../../core/resend-service.ts';
import type { KnownBlock, ModalView } from '../slack-types.ts';
import { context, mrkdwn, plainText } from './block-kit.ts';

export const SCHEDULE_MODAL = 'resend_activation_schedule';
const KIND_BLOCK = 'schedule_kind';
const KIND_INPUT = 'kind';
export const DATE_BLOCK = 'schedule_date';
const DATE_INPUT = 'date';
export const TIME_BLOCK = 'schedule_time';
const TIME_INPUT = 'time';

/** What the modal carries from the click to its submission (private_metadata, at most 3000 characters). */
export interface ScheduleModalContext {
  readonly planId: string;
  /** The plan message: ended as "Scheduled …" after the submission, its thread gets the run. */
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | null;
  readonly timeZone: string;
}

export interface ScheduleModalOptions {
  readonly context: ScheduleModalContext;
  /** false: the requester's Slack profile gave no time zone, so it is UTC and the modal says so. */
  readonly timeZoneKnown: boolean;
  /** The plan's file gave start dates: offer "each person on their start date at SCHEDULE_TIME". */
  readonly startDates: boolean;
  /** SCHEDULE_TIME (`08:00`): the default time and the start-date time. */
  readonly scheduleTime: string;
  readonly now: number;
}

/**
 * The schedule modal: a date and a time (tomorrow at SCHEDULE_TIME by default) in the requester's
 * time zone, and for files with start dates the per-person choice. The core checks everything
 * again on submit; this only shapes the question.
 */
export function scheduleModal(options: ScheduleModalOptions): ModalView {
  const { context: ctx, scheduleTime } = options;
  const tomorrow = formatZoned(options.now + 24 * 60 * 60 * 1000, ctx.timeZone).slice(0, 10);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn('Nothing is sent now. At the time you pick, everyone is looked up in Okta again, and the run reports in the plan\'s thread.') },
  ];
  if (options.startDates) {
    const at = { text: plainText('At the date and time below'), value: 'at' };
    blocks.push({
      type: 'input',
      block_id: KIND_BLOCK,
      label: plainText('When'),
      element: {
        type: 'radio_buttons',
        action_id: KIND_INPUT,
        initial_option: at,
        options: [at, { text: plainText(`Each person on their start date at ${scheduleTime}`), value: 'start_dates' }],
      },
    });
  }
  blocks.push(
    { type: 'input', block_id: DATE_BLOCK, label: plainText('Date'), optional: options.startDates, element: { type: 'datepicker', action_id: DATE_INPUT, initial_date: tomorrow } },
    { type: 'input', block_id: TIME_BLOCK, label: plainText('Time'), optional: options.startDates, element: { type: 'timepicker', action_id: TIME_INPUT, initial_time: scheduleTime, timezone: ctx.timeZone } },
    context(options.timeZoneKnown ? `Times are in ${ctx.timeZone}, your Slack time zone.` : ':warning: Your Slack profile shows no time zone, so these times are in UTC.'),
  );
  return {
    type: 'modal',
    callback_id: SCHEDULE_MODAL,
    private_metadata: JSON.stringify(ctx),
    title: plainText('Schedule the emails', 24),
    submit: plainText('Schedule', 24),
    close: plainText('Cancel', 24),
    blocks,
  };
}

/** The modal's state as Slack sends it with view_submission. */
type ViewState = Record<string, Record<string, { selected_date?: string | null; selected_time?: string | null; selected_option?: { value?: string } | null }>>;

/** What was asked, or the modal errors to show (by block id). */
export function readScheduleModal(state: ViewState, timeZone: string): { request: ScheduleRequest } | { errors: Record<string, string> } {
  if (state[KIND_BLOCK]?.[KIND_INPUT]?.selected_option?.value === 'start_dates') return { request: { kind: 'start_dates', timeZone } };
  const date = state[DATE_BLOCK]?.[DATE_INPUT]?.selected_date;
  const time = state[TIME_BLOCK]?.[TIME_INPUT]?.selected_time;
  const errors: Record<string, string> = {};
  if (!date) errors[DATE_BLOCK] = 'Pick a date.';
  if (!time) errors[TIME_BLOCK] = 'Pick a time.';
  if (!date || !time) return { errors };
  return { request: { kind: 'at', localDateTime: `${date}T${time}`, timeZone } };
}

/** The context back from private_metadata; null if it is not ours. */
export function scheduleContextOf(privateMetadata: string): ScheduleModalContext | null {
  try {
    const parsed = JSON.parse(privateMetadata) as Partial<ScheduleModalContext>;
    const { planId, channel, ts, threadTs, timeZone } = parsed;
    if (typeof planId !== 'string' || typeof channel !== 'string' || typeof ts !== 'string' || typeof timeZone !== 'string') return null;
    return { planId, channel, ts, threadTs: typeof threadTs === 'string' ? threadTs : null, timeZone };
  } catch {
    return null;
  }
}
