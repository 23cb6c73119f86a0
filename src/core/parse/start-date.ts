/**
 * Start dates from an HR sheet's "Start date" / "Hire date" column. ISO (2026-12-07) is read as
 * is; with slashes the US order (12/07/2026), with dots the European one (07.12.2026), as HR
 * exports write them. A date that could be read two ways is refused, never guessed: a person
 * emailed on the wrong morning gets a link that has expired by their first day. A column whose
 * slash dates include a day past 12 in first place (13/02/2026) is day-first, so its other slash
 * dates (03/02/2026) are ambiguous; the same for dots written month-first.
 */
export type StartDateResult = { readonly ok: true; readonly date: string } | { readonly ok: false; readonly reason: string };

/** Header names (normalised: lower case, no spaces, dashes or underscores) of a start-date column. */
export const START_DATE_HEADERS: readonly string[] = ['startdate', 'hiredate', 'firstday', 'startday'];

interface Parts {
  readonly first: number;
  readonly second: number;
  readonly year: number;
  readonly separator: '/' | '.';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;
const LOCAL = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$/;

/** What the whole column says about the order of slash and dot dates (see the file comment). */
export interface ColumnOrder {
  readonly slashDayFirst: boolean;
  readonly dotMonthFirst: boolean;
}

export function columnOrder(cells: readonly string[]): ColumnOrder {
  let slashDayFirst = false;
  let dotMonthFirst = false;
  for (const cell of cells) {
    const parts = localParts(cell.trim());
    if (!parts) continue;
    if (parts.separator === '/' && parts.first > 12) slashDayFirst = true;
    if (parts.separator === '.' && parts.second > 12) dotMonthFirst = true;
  }
  return { slashDayFirst, dotMonthFirst };
}

export function parseStartDate(cell: string, order: ColumnOrder = { slashDayFirst: false, dotMonthFirst: false }): StartDateResult {
  const text = cell.trim();
  const iso = ISO.exec(text);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), text);
  const parts = localParts(text);
  if (!parts) return { ok: false, reason: `start date "${text}" is not a date I can read: write it as YYYY-MM-DD (e.g. 2026-12-07)` };
  const usual = parts.separator === '/' ? { month: parts.first, day: parts.second } : { month: parts.second, day: parts.first };
  const flipped = { month: usual.day, day: usual.month };
  const columnFlipped = parts.separator === '/' ? order.slashDayFirst : order.dotMonthFirst;
  // The usual order fails but the other works (13/02/2026): not ambiguous, the other order it is.
  if (!validDate(parts.year, usual.month, usual.day) && validDate(parts.year, flipped.month, flipped.day)) {
    return calendarDate(parts.year, flipped.month, flipped.day, text);
  }
  if (columnFlipped && usual.month !== usual.day && validDate(parts.year, flipped.month, flipped.day)) {
    return { ok: false, reason: `start date "${text}" is ambiguous (this column writes days and months both ways): write it as YYYY-MM-DD` };
  }
  return calendarDate(parts.year, usual.month, usual.day, text);
}

function localParts(text: string): Parts | null {
  const match = LOCAL.exec(text);
  if (!match) return null;
  return { first: Number(match[1]), separator: match[2] as '/' | '.', second: Number(match[3]), year: Number(match[4]) };
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function calendarDate(year: number, month: number, day: number, text: string): StartDateResult {
  if (!validDate(year, month, day) || year < 2000 || year > 2100) return { ok: false, reason: `start date "${text}" is not a real date` };
  return { ok: true, date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}
