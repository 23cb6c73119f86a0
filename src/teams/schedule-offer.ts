import type { Plan } from '../core/plan.ts';
import { formatZoned, isTimeZone } from '../core/schedule/zoned-time.ts';

/** Where no time zone is known, times are read as UTC (and the person is told so). */
export const FALLBACK_TIME_ZONE = 'UTC';
/** The Schedule form's default time: the start of an ordinary working morning. */
export const DEFAULT_SCHEDULE_TIME = '08:00';

/**
 * What the plan card's "Schedule…" form offers. `timeZone` is the requester's, captured from the
 * activity the plan answers; null when Teams did not send one (the click's own then decides).
 */
export interface ScheduleOffer {
  readonly timeZone: string | null;
  /** Tomorrow in the requester's zone (UTC when unknown), as Input.Date wants it: YYYY-MM-DD. */
  readonly defaultDate: string;
  readonly defaultTime: string;
  /** Some rows carry a start date (a file's Start date / Hire date column). */
  readonly startDates: boolean;
}

/**
 * Teams clients put the user's IANA zone in every message activity they send (`localTimezone`,
 * e.g. "Europe/Berlin"), card clicks included; bots, proactive turns and some clients do not.
 * Only a zone this runtime knows counts.
 */
export function timeZoneOf(activity: { readonly localTimezone?: unknown }): string | null {
  const zone = activity.localTimezone;
  return typeof zone === 'string' && zone.length <= 64 && isTimeZone(zone) ? zone : null;
}

/**
 * Activation emails can be scheduled; password resets, reactivations and "send anyway" plans are
 * for now (the core refuses them), and a plan with nothing to send has nothing to schedule.
 */
export function scheduleOfferFor(plan: Plan, timeZone: string | null): ScheduleOffer | null {
  if (plan.kind !== 'resend' || plan.forced || plan.counts.send + plan.counts.approval === 0) return null;
  return {
    timeZone,
    defaultDate: tomorrowIn(plan.createdAt, timeZone ?? FALLBACK_TIME_ZONE),
    defaultTime: DEFAULT_SCHEDULE_TIME,
    startDates: plan.entries.some((entry) => Boolean(entry.identifier.startDate)),
  };
}

/** The calendar day after `epochMs`'s day in `zone` (by date, so a DST change cannot skip or repeat one). */
export function tomorrowIn(epochMs: number, zone: string): string {
  const [year, month, day] = formatZoned(epochMs, zone).slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}
