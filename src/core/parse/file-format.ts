import { InputError } from '../errors.ts';

export type FileFormat = 'csv' | 'tsv' | 'txt';

const FORMATS: Readonly<Record<string, FileFormat>> = { csv: 'csv', tsv: 'tsv', txt: 'txt', text: 'txt' };
const SPREADSHEETS = new Set(['xlsx', 'xlsm', 'xls', 'ods', 'numbers']);
const ACCEPTED = 'a .csv, .tsv or .txt file';

/** The format a file name's extension promises; anything else is refused by name. */
export function fileFormat(name: string): FileFormat {
  const base = name.split(/[/\\]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const format = FORMATS[extension];
  if (format !== undefined) return format;
  if (SPREADSHEETS.has(extension)) {
    throw new InputError('unsupported_file', `"${name}" is a spreadsheet workbook; export it as CSV and upload ${ACCEPTED}.`);
  }
  const what = extension === '' ? 'has no file extension' : `is a .${extension} file`;
  throw new InputError('unsupported_file', `"${name}" ${what}; upload ${ACCEPTED} instead.`);
}
