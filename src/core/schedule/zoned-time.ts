/**
 * Wall-clock times in a time zone and back, with the runtime's own time-zone data (Intl): "08:00
 * on 2026-12-07 in Europe/Berlin" is the instant a person there sees 08:00, DST included.
 */

/** true when the runtime knows this IANA time zone (Europe/Berlin, America/New_York, UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(epochMs: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function offsetAt(epochMs: number, zone: string): number {
  const w = wallClock(epochMs, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant of a local date and time in a zone. A time skipped by a DST change (02:30 on the
 * spring-forward night) comes out an hour later, as clocks there show it.
 */
export function zonedToEpoch(date: string, time: string, zone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second = 0] = time.split(':').map(Number) as [number, number, number?];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Two passes: the offset one guess away can differ across a DST change.
  let guess = asUtc - offsetAt(asUtc, zone);
  guess = asUtc - offsetAt(guess, zone);
  return guess;
}

/** "2026-12-07 08:00 (Europe/Berlin)": how a scheduled time is shown back to people. */
export function formatZoned(epochMs: number, zone: string): string {
  const w = wallClock(epochMs, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = w.second === 0 ? '' : `:${pad(w.second)}`;
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}${seconds} (${zone})`;
}

/** `2026-12-07T08:00` or `2026-12-07T08:00:30` (no offset): the local date and time, or null. */
export function splitLocalDateTime(text: string): { date: string; time: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/.exec(text.trim());
  return match ? { date: match[1] as string, time: match[2] as string } : null;
}
