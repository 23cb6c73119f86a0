import { CsvError, parse } from 'csv-parse/sync';
import { InputError } from '../errors.ts';

export type Delimiter = ',' | ';' | '\t';

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];
/** Lines looked at when the first one has no delimiter at all (a header like "Email"). */
const SNIFF_LINES = 10;

export interface CsvRow {
  /** 1-based line where the record starts (a quoted field may span several lines). */
  readonly line: number;
  readonly cells: readonly string[];
  /** The record as written, without its line break. */
  readonly raw: string;
}

/** Splits on CRLF, LF or a lone CR (old Mac exports) so line numbers match what editors show. */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * The delimiter used most often outside quotes on the first non-empty line; later lines
 * are consulted only when that one has none. Ties go to the comma.
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, SNIFF_LINES);
  for (const line of lines) {
    const counts = countOutsideQuotes(line);
    const best = DELIMITERS.reduce((a, b) => ((counts.get(b) ?? 0) > (counts.get(a) ?? 0) ? b : a));
    if ((counts.get(best) ?? 0) > 0) return best;
  }
  return ',';
}

function countOutsideQuotes(line: string): Map<string, number> {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return counts;
}

/** Cells of the first non-empty line, for deciding how to read a file before parsing it all. */
export function firstRowCells(text: string, delimiter: Delimiter): string[] {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

interface RawRecord {
  readonly record: string[];
  readonly raw: string;
}

/** Parses normalised (LF-only) text into rows that keep their real line numbers. */
export function readRows(text: string, delimiter: Delimiter): CsvRow[] {
  let records: RawRecord[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      raw: true,
      relax_column_count: true,
      // Excel writes O"Brien unquoted; that is data, not a syntax error.
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as RawRecord[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const where = typeof error['lines'] === 'number' ? ` near line ${error['lines']}` : '';
    throw new InputError(
      'malformed_file',
      `The file could not be read as CSV${where}: a quote is probably not closed. Fix the quotes or export the file again.`,
    );
  }
  // Each raw record includes the blank lines skipped before it, so summing line breaks
  // over the raws tracks the line each record starts on.
  let line = 1;
  return records.map(({ record, raw }) => {
    const skipped = /^(?:[ \t]*\n)*/.exec(raw)?.[0] ?? '';
    const own = raw.slice(skipped.length).replace(/\n$/, '');
    const row = { line: line + countLineBreaks(skipped), cells: record, raw: own };
    line += countLineBreaks(raw);
    return row;
  });
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}
