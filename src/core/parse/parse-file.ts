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
import { ACCEPTED_HEADERS, identifierColumns } from './header.ts';
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
  assertRowCount(text.split('\n').filter((line) => line.trim() !== '').length, limits);
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
  if (headerColumns === null) assertDataRow(first, limits);
  const columns = headerColumns ?? [0];
  const data = headerColumns === null ? rows : rows.slice(1);
  if (data.length === 0) throw new InputError('empty_input', `${EMPTY_MESSAGE} (It has a header row and nothing under it.)`);
  assertRowCount(data.length, limits);
  const collector = new IdentifierCollector(limits);
  for (const row of data) collectRow(row, columns, collector, limits);
  return collector.finish();
}

function collectRow(row: CsvRow, columns: readonly number[], collector: IdentifierCollector, limits: InputLimits): void {
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
  if (result.ok) collector.add({ raw: result.shown, kind: result.kind, value: result.value, line: row.line });
  else collector.reject(row.line, preview(cell), result.reason);
}

/**
 * Without a known header, the first row must already be data. Several cells starting with
 * something that is no identifier ("First name, Department") means columns we cannot map.
 */
function assertDataRow(first: CsvRow, limits: InputLimits): void {
  const filled = first.cells.filter((cell) => cell !== '');
  const leading = first.cells[0] ?? '';
  if (filled.length < 2 || classifyToken(leading, limits).ok) return;
  const shown = first.cells
    .slice(0, 8)
    .map((cell) => `"${preview(cell)}"`)
    .join(', ');
  const more = first.cells.length > 8 ? ` and ${formatCount(first.cells.length - 8)} more` : '';
  throw new InputError(
    'unknown_columns',
    `No column holds logins or emails. The columns found are ${shown}${more}. Name the column ${ACCEPTED_HEADERS}, or upload a one-column list.`,
  );
}

function assertRowCount(rows: number, limits: InputLimits): void {
  if (rows > limits.maxRows) {
    throw new InputError(
      'too_many_rows',
      `The file has ${formatCount(rows)} rows; the limit is ${formatCount(limits.maxRows)}. Split it into smaller files.`,
    );
  }
}
