import { InputError } from '../errors.ts';
import type { ParsedIdentifiers } from '../identifiers.ts';
import { INPUT_LIMITS, type InputLimits } from '../limits.ts';
import { classifyToken, tooLong } from './classify.ts';
import { IdentifierCollector } from './collector.ts';
import { decodeFileText, type UploadedFile } from './decode-file.ts';
import {
  firstRowCells,
  normalizeLineBreaks,
  readRows,
  sniffDelimiter,
  type CsvRow,
  type Delimiter,
} from './delimited.ts';
import { fileFormat } from './file-format.ts';
import { formatCount, preview } from './format.ts';
import { ACCEPTED_HEADERS, identifierColumns, normalizeHeader, startDateColumn } from './header.ts';
import { columnOrder, parseStartDate, type ColumnOrder } from './start-date.ts';
import { parseIdentifierText } from './parse-text.ts';

export interface ParseFileOptions {
  readonly limits?: InputLimits | undefined;
}

const EMPTY_MESSAGE = 'The file has no users in it. Put one email address or Okta login per row.';
const NO_IDENTIFIER_IN_ROW = 'no login or email in this row';

/** Identifiers from an uploaded .csv, .tsv or .txt file; refuses unusable files outright. */
export function parseIdentifierFile(file: UploadedFile, options: ParseFileOptions = {}): ParsedIdentifiers {
  const limits = options.limits ?? INPUT_LIMITS;
  const text = normalizeLineBreaks(decodeFileText(file, limits));
  const format = fileFormat(file.name);
  const delimiter: Delimiter = format === 'tsv' ? '\t' : sniffDelimiter(text);
  // A .txt is usually a plain list ("a@x.com, b@x.com" on a line means two people), but
  // Excel's "Unicode text" export and headed lists are tables and are read like a CSV.
  const tabular = format !== 'txt' || delimiter === '\t' || identifierColumns(firstRowCells(text, delimiter)) !== null;
  return tabular ? parseTable(text, delimiter, limits) : parseList(text, limits);
}

function parseList(text: string, limits: InputLimits): ParsedIdentifiers {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  assertRowCount(lines.length, limits);
  if (lines[0] !== undefined) assertDataRow([lines[0]], lines.slice(1), limits);
  const result = parseIdentifierText(text, { mode: 'strict', limits });
  if (result.identifiers.length === 0 && result.rejected.length === 0) throw new InputError('empty_input', EMPTY_MESSAGE);
  return result;
}

function parseTable(text: string, delimiter: Delimiter, limits: InputLimits): ParsedIdentifiers {
  // Rows of empty cells (",,,") are what spreadsheets leave below the data.
  const rows = readRows(text, delimiter).filter((row) => row.cells.some((cell) => cell !== ''));
  const first = rows[0];
  if (first === undefined) throw new InputError('empty_input', EMPTY_MESSAGE);
  const headerColumns = identifierColumns(first.cells);
  if (headerColumns === null) assertDataRow(first.cells, rows.slice(1).map((row) => row.cells[0] ?? ''), limits);
  const columns = headerColumns ?? [0];
  const data = headerColumns === null ? rows : rows.slice(1);
  if (data.length === 0) throw new InputError('empty_input', `${EMPTY_MESSAGE} (It has a header row and nothing under it.)`);
  assertRowCount(data.length, limits);
  const collector = new IdentifierCollector(limits);
  const dateColumn = headerColumns === null ? null : startDateColumn(first.cells);
  const dates = dateColumn === null ? null : { column: dateColumn, order: columnOrder(data.map((row) => row.cells[dateColumn] ?? '')) };
  for (const row of data) collectRow(row, columns, collector, limits, dates);
  return collector.finish();
}

function collectRow(row: CsvRow, columns: readonly number[], collector: IdentifierCollector, limits: InputLimits, dates: { column: number; order: ColumnOrder } | null = null): void {
  if (row.raw.length > limits.maxLineLength) {
    collector.reject(row.line, preview(row.raw), tooLong(row.raw.length, limits.maxLineLength, 'row '));
    return;
  }
  // When the preferred column is blank (no username), another named column (email) still identifies the person.
  const cell = columns.map((index) => row.cells[index] ?? '').find((value) => value !== '');
  if (cell === undefined) {
    collector.reject(row.line, row.raw, NO_IDENTIFIER_IN_ROW);
    return;
  }
  const result = classifyToken(cell, limits);
  if (!result.ok) {
    collector.reject(row.line, preview(cell), result.reason);
    return;
  }
  // A start date that cannot be read for sure refuses the row: no Okta call, and the row's line says why.
  const dateCell = dates ? (row.cells[dates.column] ?? '').trim() : '';
  const date = dates && dateCell !== '' ? parseStartDate(dateCell, dates.order) : null;
  if (date && !date.ok) {
    collector.reject(row.line, preview(row.raw), date.reason);
    return;
  }
  collector.add({ raw: result.shown, kind: result.kind, value: result.value, line: row.line, ...(date?.ok ? { startDate: date.date } : {}) });
}

/** Column names that never hold the login (Okta exports, HR sheets): a first row like this is a header. */
const NOT_IDENTIFIER_HEADERS = new Set(
  ['name', 'fullname', 'firstname', 'lastname', 'givenname', 'surname', 'displayname', 'department', 'title', 'jobtitle', 'manager', 'status', 'employee', 'employeeid', 'employeenumber', 'phone', 'mobile', 'team', 'location', 'office', 'startdate', 'hiredate', 'user', 'person', 'account', 'comment', 'notes'],
);

/**
 * Without a known header, the first row must already be data. It is a header we cannot map when
 * its first cell is a column name such as "Name" or "Department", when several cells start with
 * something that is no identifier ("First name, Department"), or when it is a capitalised bare
 * word above a column of addresses: looked up as a login, a header could reach a real person.
 */
function assertDataRow(cells: readonly string[], restLeading: readonly string[], limits: InputLimits): void {
  const filled = cells.filter((cell) => cell !== '');
  const leading = cells[0] ?? '';
  const classified = classifyToken(leading, limits);
  const namedLikeAColumn = NOT_IDENTIFIER_HEADERS.has(normalizeHeader(leading));
  // Headers are written capitalised ("Hires"); a lower-case word above addresses is a short login.
  const wordAboveAddresses =
    classified.ok && classified.kind === 'login' && /^\p{Lu}/u.test(leading) && restLeading.length > 0 && restLeading.every((cell) => isAddressOrId(cell, limits));
  const unmappable = filled.length >= 2 && !classified.ok;
  if (!namedLikeAColumn && !wordAboveAddresses && !unmappable) return;
  const shown = cells
    .slice(0, 8)
    .map((cell) => `"${preview(cell)}"`)
    .join(', ');
  const more = cells.length > 8 ? ` and ${formatCount(cells.length - 8)} more` : '';
  throw new InputError(
    'unknown_columns',
    `No column holds logins or emails. The columns found are ${shown}${more}. Name the column ${ACCEPTED_HEADERS}, or upload a list with one login or email per row and no header. (If the first row is a login, put a "Login" header above it.)`,
  );
}

function isAddressOrId(cell: string, limits: InputLimits): boolean {
  const classified = classifyToken(cell, limits);
  return classified.ok && classified.kind !== 'login';
}

function assertRowCount(rows: number, limits: InputLimits): void {
  if (rows > limits.maxRows) {
    throw new InputError(
      'too_many_rows',
      `The file has ${formatCount(rows)} rows; the limit is ${formatCount(limits.maxRows)}. Split it into smaller files.`,
    );
  }
}
