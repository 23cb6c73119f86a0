import { START_DATE_HEADERS } from './start-date.ts';
/**
 * Header names that mark the column naming each person, in order of preference. The Okta
 * login comes first because it is what Okta looks users up by; an email is the fallback
 * (Okta report exports have both "Username" and "Primary email"); an Okta id is last.
 */
const HEADER_PRIORITY: readonly (readonly string[])[] = [
  ['login', 'oktalogin', 'userlogin'],
  ['username'],
  ['email', 'primaryemail', 'workemail', 'emailaddress', 'useremail'],
  ['oktaid', 'userid'],
  ['id'],
];

/** How the accepted headers are listed back to the requester. */
export const ACCEPTED_HEADERS =
  'Username, Login, Email, Primary email, Email address, Work email, User email, Okta login, User login, User id, Okta id or Id';

/** "Primary e-mail", " primary_email " and "PrimaryEmail" are the same header. */
export function normalizeHeader(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s_-]+/gu, '');
}

/**
 * Indexes of the identifier columns named in a header row, most preferred first, or null
 * when no cell is a known header (so the row is data, or the columns are unknown).
 */
export function identifierColumns(cells: readonly string[]): number[] | null {
  const normalized = cells.map(normalizeHeader);
  const columns: number[] = [];
  for (const names of HEADER_PRIORITY) {
    normalized.forEach((cell, index) => {
      if (names.includes(cell)) columns.push(index);
    });
  }
  return columns.length > 0 ? columns : null;
}

/** The start-date column of a header row ("Start date", "startDate", "Hire date"), or null. */
export function startDateColumn(cells: readonly string[]): number | null {
  const index = cells.map(normalizeHeader).findIndex((cell) => START_DATE_HEADERS.includes(cell));
  return index >= 0 ? index : null;
}
