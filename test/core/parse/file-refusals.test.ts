import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INPUT_LIMITS } from '../../../src/core/limits.ts';
import { parseIdentifierFile } from '../../../src/core/parse/index.ts';
import { assertInputError, limits, textFile } from './helpers.ts';

function withPrefix(prefix: readonly number[], rest = 'alice@corp.com\n'): Uint8Array {
  const tail = new TextEncoder().encode(rest);
  const bytes = new Uint8Array(prefix.length + tail.length);
  bytes.set(prefix);
  bytes.set(tail, prefix.length);
  return bytes;
}

function rows(count: number, distinct = count): string {
  return Array.from({ length: count }, (_, i) => `user${i % distinct}@corp.com`).join('\n');
}

describe('parseIdentifierFile: refusals before parsing', () => {
  it('refuses a file over the size limit, saying both sizes', () => {
    // Only the length matters: nothing is decoded once the size check fails.
    const bytes = new Uint8Array(INPUT_LIMITS.maxFileBytes + 1);
    assertInputError(() => parseIdentifierFile({ name: 'huge.csv', bytes }), 'input_too_large', '5.1 MB', 'the limit is 5 MB');
  });

  it('refuses a much larger export by size, whatever its type', () => {
    const bytes = new Uint8Array(50 * 1024 * 1024);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    assertInputError(() => parseIdentifierFile({ name: 'export.xlsx', bytes }), 'input_too_large', '50 MB');
  });

  it('states small limits in KB', () => {
    assertInputError(() => parseIdentifierFile(textFile('x.csv', 'a'.repeat(3_000)), { limits: limits({ maxFileBytes: 2_048 }) }), 'input_too_large', '3 KB', '2 KB');
  });

  it('refuses a file with NUL bytes', () => {
    assertInputError(() => parseIdentifierFile({ name: 'x.csv', bytes: withPrefix([0x61, 0x00, 0x62]) }), 'binary_file', 'NUL');
  });

  it('refuses an Excel workbook, saying to export it as CSV', () => {
    assertInputError(() => parseIdentifierFile({ name: 'users.xlsx', bytes: withPrefix([0x50, 0x4b, 0x03, 0x04]) }), 'binary_file', 'Excel workbook (.xlsx)', 'CSV');
    // Renaming the workbook does not make it a CSV.
    assertInputError(() => parseIdentifierFile({ name: 'users.csv', bytes: withPrefix([0x50, 0x4b, 0x03, 0x04]) }), 'binary_file', 'Excel');
  });

  it('refuses an old .xls workbook and a PDF', () => {
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    assertInputError(() => parseIdentifierFile({ name: 'users.xls', bytes: withPrefix(ole) }), 'binary_file', '.xls');
    assertInputError(() => parseIdentifierFile(textFile('users.csv', '%PDF-1.7\n')), 'binary_file', 'PDF');
  });

  it('refuses text that is not UTF-8', () => {
    // "José" in Windows-1252: 0xE9 alone is not valid UTF-8.
    const bytes = withPrefix([0x4a, 0x6f, 0x73, 0xe9, 0x0a]);
    assertInputError(() => parseIdentifierFile({ name: 'x.csv', bytes }), 'binary_file', 'UTF-8');
  });

  it('refuses text full of control characters', () => {
    assertInputError(() => parseIdentifierFile(textFile('x.txt', `a@corp.com\u0001\u0002\u0003\nb@corp.com\n`)), 'binary_file');
  });

  it('refuses a UTF-16 file with an odd number of bytes', () => {
    assertInputError(() => parseIdentifierFile({ name: 'x.txt', bytes: new Uint8Array([0xff, 0xfe, 0x61]) }), 'binary_file');
  });

  it('refuses extensions other than .csv, .tsv, .txt and .text, saying which are accepted', () => {
    assertInputError(() => parseIdentifierFile(textFile('users.json', 'a@corp.com')), 'unsupported_file', '.json', '.csv, .tsv or .txt');
    assertInputError(() => parseIdentifierFile(textFile('users', 'a@corp.com')), 'unsupported_file', 'no file extension');
    assertInputError(() => parseIdentifierFile(textFile('.csv', 'a@corp.com')), 'unsupported_file');
    assertInputError(() => parseIdentifierFile(textFile('users.xlsx', 'a@corp.com')), 'unsupported_file', 'export it as CSV');
  });

  it('accepts extensions in any case and a path before the name', () => {
    assert.equal(parseIdentifierFile(textFile('C:\\Exports\\Users.CSV', 'a@corp.com')).identifiers.length, 1);
  });
});

describe('parseIdentifierFile: limits', () => {
  it('refuses more data rows than the limit, naming it', () => {
    const small = limits({ maxRows: 5 });
    assert.equal(parseIdentifierFile(textFile('x.csv', `Email\n${rows(5)}`), { limits: small }).identifiers.length, 5);
    assertInputError(() => parseIdentifierFile(textFile('x.csv', `Email\n${rows(6)}`), { limits: small }), 'too_many_rows', '6', '5');
    assertInputError(() => parseIdentifierFile(textFile('x.txt', rows(6)), { limits: small }), 'too_many_rows', '5');
  });

  it('refuses 10,001 rows at the real limits', () => {
    assertInputError(() => parseIdentifierFile(textFile('x.csv', `Username\n${rows(10_001, 10)}`)), 'too_many_rows', '10,001', '10,000');
  });

  it('accepts 10,000 rows that name 10,000 people at the real limits', () => {
    const result = parseIdentifierFile(textFile('x.csv', `Username\n${rows(10_000, 10_000)}`));
    assert.equal(result.identifiers.length, 10_000);
    assert.equal(result.duplicates, 0);
    assert.equal(result.identifiers.at(-1)?.line, 10_001);
  });

  it('refuses more distinct identifiers than the limit', () => {
    assertInputError(() => parseIdentifierFile(textFile('x.csv', rows(10, 10)), { limits: limits({ maxIdentifiers: 4 }) }), 'too_many_identifiers', '10', '4');
  });

  it('refuses a list that is mostly unreadable instead of listing every bad entry', () => {
    const junk = Array.from({ length: 20 }, () => 'x@').join(' ');
    assertInputError(() => parseIdentifierFile(textFile('x.txt', junk), { limits: limits({ maxRows: 10 }) }), 'too_many_rows');
  });
});
