import type { Identifier } from '../identifiers.ts';
import { formatZoned, splitLocalDateTime, zonedToEpoch } from './zoned-time.ts';

/** When a plan should go out: at one local date and time, or each person on their start date. */
export type ScheduleRequest =
  | { readonly kind: 'at'; /** `2026-12-07T08:00` (seconds allowed), local to `timeZone`. */ readonly localDateTime: string; readonly timeZone: string }
  | { readonly kind: 'start_dates'; readonly timeZone: string };

export interface ScheduleGroup {
  readonly dueAt: number;
  readonly startDate: string | null;
  readonly identifiers: readonly Identifier[];
}

/**
 * The sends a schedule makes: one at the given time, or one per start date at SCHEDULE_TIME. A
 * time that has passed is refused (send now instead); people without a start date, or whose start
 * morning has passed, are left out and named, never sent at a surprising time.
 */
export function scheduleGroups(identifiers: readonly Identifier[], when: ScheduleRequest, scheduleTime: string, now: number): { groups: ScheduleGroup[]; left: string[] } | { message: string } {
  if (when.kind === 'at') {
    const local = splitLocalDateTime(when.localDateTime);
    if (!local) return { message: `"${when.localDateTime}" is not a date and time I can read: write it as 2026-12-07T08:00.` };
    const dueAt = zonedToEpoch(local.date, local.time, when.timeZone);
    if (!Number.isFinite(dueAt)) return { message: `"${when.localDateTime}" is not a real date and time.` };
    if (dueAt <= now) return { message: `${formatZoned(dueAt, when.timeZone)} has already passed: send now, or pick a later time.` };
    return { groups: [{ dueAt, startDate: null, identifiers }], left: [] };
  }
  const byDate = new Map<string, Identifier[]>();
  const left: string[] = [];
  for (const identifier of identifiers) {
    if (!identifier.startDate) {
      left.push(`line ${identifier.line}: ${identifier.raw} — no start date`);
      continue;
    }
    const dueAt = zonedToEpoch(identifier.startDate, scheduleTime, when.timeZone);
    if (dueAt <= now) {
      left.push(`line ${identifier.line}: ${identifier.raw} — start date ${identifier.startDate} ${scheduleTime} has passed`);
      continue;
    }
    byDate.set(identifier.startDate, [...(byDate.get(identifier.startDate) ?? []), identifier]);
  }
  if (byDate.size === 0) return { message: left.length > 0 ? `Nobody could be scheduled by start date: ${left.slice(0, 5).join('; ')}${left.length > 5 ? '; …' : ''}` : 'Nobody to schedule.' };
  const groups = [...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([date, members]) => ({ dueAt: zonedToEpoch(date, scheduleTime, when.timeZone), startDate: date, identifiers: members }));
  return { groups, left };
}
