import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIdentifierFile } from '../../../src/core/parse/index.ts';
import { assertInputError, textFile, values } from './helpers.ts';

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    bytes[2 + i * 2] = bigEndian ? unit >> 8 : unit & 0xff;
    bytes[3 + i * 2] = bigEndian ? unit & 0xff : unit >> 8;
  }
  return bytes;
}

const lines = (result: ReturnType<typeof parseIdentifierFile>): [string, number][] =>
  result.identifiers.map((identifier) => [identifier.value, identifier.line]);

describe('parseIdentifierFile: CSV', () => {
  it('reads a BOM + CRLF + semicolon file with quoted fields', () => {
    const text = '\uFEFFE-mail;Name\r\n"Alice@Corp.com";"Smith; Alice"\r\n"bob@corp.com";"O""Brien"\r\n\r\ncarol@corp.com;Carol\r\n';
    const result = parseIdentifierFile(textFile('users.csv', text));
    assert.deepEqual(lines(result), [['alice@corp.com', 2], ['bob@corp.com', 3], ['carol@corp.com', 5]]);
    assert.equal(result.identifiers[0]?.raw, 'Alice@Corp.com');
    assert.deepEqual(result.rejected, []);
  });

  it("uses the Username column of an Okta report export and falls back to Primary email", () => {
    const text = [
      '"Username","Primary email","First name","Status"',
      '"alice.smith@corp.com","alice@corp.com","Alice","PROVISIONED"',
      '"","bob@corp.com","Bob","STAGED"',
      '"","","Carol","STAGED"',
      '"dan@","dan@corp.com","Dan","PROVISIONED"',
    ].join('\n');
    const result = parseIdentifierFile(textFile('okta-report.csv', text));
    assert.deepEqual(lines(result), [['alice.smith@corp.com', 2], ['bob@corp.com', 3]]);
    assert.deepEqual(result.rejected, [
      { line: 4, raw: '"","","Carol","STAGED"', reason: 'no login or email in this row' },
      { line: 5, raw: 'dan@', reason: 'not a valid email address (nothing after the @)' },
    ]);
  });

  it('prefers a login column over an email column over an id column, wherever they are', () => {
    const text = 'Okta ID,Work Email,user_login\n00u1a2b3c4d5e6f7g8h9,a@corp.com,JDoe\n';
    assert.deepEqual(values(parseIdentifierFile(textFile('x.csv', text))), ['jdoe']);
    const ids = 'Name,Okta id\nAlice,00u1a2b3c4d5e6f7g8h9\n';
    assert.deepEqual(parseIdentifierFile(textFile('x.csv', ids)).identifiers[0]?.kind, 'oktaId');
  });

  it('reads a headerless one-column list', () => {
    const result = parseIdentifierFile(textFile('list.csv', 'alice@corp.com\n\nBob@Corp.com\nbob@corp.com\nnot an email\n<b>x</b>\n'));
    assert.deepEqual(lines(result), [['alice@corp.com', 1], ['bob@corp.com', 3]]);
    assert.equal(result.duplicates, 1);
    // Raw text is kept as written (markup included): adapters escape it, the parser does not.
    assert.deepEqual(result.rejected, [
      { line: 5, raw: 'not an email', reason: 'not an email address, Okta login or Okta user id' },
      { line: 6, raw: '<b>x</b>', reason: 'not an email address, Okta login or Okta user id' },
    ]);
  });

  it('uses the first column of a headerless table and rejects rows where it is empty', () => {
    const result = parseIdentifierFile(textFile('list.csv', 'alice@corp.com,Alice,Smith\n,Bob,Jones\n,,\n'));
    assert.deepEqual(values(result), ['alice@corp.com']);
    assert.deepEqual(result.rejected, [{ line: 2, raw: ',Bob,Jones', reason: 'no login or email in this row' }]);
  });

  it('refuses a table whose columns are unknown, naming them and the accepted headers', () => {
    const text = 'First name,Last name,Department\nAlice,Smith,Sales\n';
    assertInputError(() => parseIdentifierFile(textFile('people.csv', text)), 'unknown_columns', '"First name", "Last name", "Department"', 'Username', 'Email');
  });

  it('refuses single-word headers it does not know instead of looking them up as logins', () => {
    for (const [name, text] of [
      ['people.csv', 'Name,Department\nCarol,Eng\n'],
      ['people.csv', 'Name\nCarol\n'],
      ['hires.csv', 'Hires\ncarol@corp.com\ndan@corp.com\n'],
      ['hires.txt', 'Addresses\ncarol@corp.com\ndan@corp.com\n'],
      ['people.txt', 'Department\nEng\n'],
    ] as const) {
      assertInputError(() => parseIdentifierFile(textFile(name, text)), 'unknown_columns', 'Username');
    }
  });

  it('still reads a headerless list of short logins, and a login above more logins', () => {
    assert.deepEqual(values(parseIdentifierFile(textFile('logins.txt', 'jdoe\nasmith\n'))), ['jdoe', 'asmith']);
    assert.deepEqual(values(parseIdentifierFile(textFile('mixed.csv', 'jdoe\nasmith@corp.com\nbwayne\n'))), ['jdoe', 'asmith@corp.com', 'bwayne']);
    assert.deepEqual(values(parseIdentifierFile(textFile('list.csv', 'jdoe\nalice@corp.com\nbob@corp.com\n'))), ['jdoe', 'alice@corp.com', 'bob@corp.com'], 'a lower-case login first');
    assert.deepEqual(values(parseIdentifierFile(textFile('list.txt', 'jdoe\nalice@corp.com\n'))), ['jdoe', 'alice@corp.com']);
  });

  it('keeps real line numbers after a quoted multi-line field', () => {
    const text = 'email,note\na@corp.com,"line one\n\nline three"\n\nbad@,x\r\nc@corp.com,"x ""quoted"",\r\ny"\nd@,z\n';
    const result = parseIdentifierFile(textFile('notes.csv', text));
    assert.deepEqual(lines(result), [['a@corp.com', 2], ['c@corp.com', 7]]);
    assert.deepEqual(result.rejected.map((rejected) => [rejected.line, rejected.raw]), [[6, 'bad@'], [9, 'd@']]);
  });

  it('reads CR-only line endings', () => {
    const result = parseIdentifierFile(textFile('mac.csv', 'Email\ra@corp.com\rbad@\r'));
    assert.deepEqual(lines(result), [['a@corp.com', 2]]);
    assert.equal(result.rejected[0]?.line, 3);
  });

  it('sniffs the delimiter from a later line when the header has none', () => {
    const result = parseIdentifierFile(textFile('x.csv', 'Email\na@corp.com;Alice\n'));
    assert.deepEqual(values(result), ['a@corp.com']);
  });

  it('rejects a cell over the identifier length and a row over the line length', () => {
    const text = `Email,Note\n${'a'.repeat(300)}@corp.com,x\nb@corp.com,${'y'.repeat(10_000)}\nc@corp.com,z\n`;
    const result = parseIdentifierFile(textFile('x.csv', text));
    assert.deepEqual(values(result), ['c@corp.com']);
    assert.deepEqual(result.rejected.map((rejected) => [rejected.line, rejected.reason]), [
      [2, 'too long (309 characters; the limit is 254)'],
      [3, 'row too long (10,011 characters; the limit is 4,096)'],
    ]);
    assert.ok((result.rejected[1]?.raw.length ?? 0) < 100);
  });

  it('refuses a file that cannot be parsed as CSV', () => {
    assertInputError(() => parseIdentifierFile(textFile('x.csv', 'Email\na@corp.com\n"b@corp.com\n')), 'malformed_file', 'line');
  });
});

describe('parseIdentifierFile: TSV and TXT', () => {
  it('reads a TSV with commas inside cells', () => {
    const result = parseIdentifierFile(textFile('x.tsv', 'Username\tNote\nalice\thello, world\n"bob"\tx;y\n'));
    assert.deepEqual(values(result), ['alice', 'bob']);
  });

  it('reads a TXT with one identifier per line', () => {
    const result = parseIdentifierFile(textFile('list.txt', 'alice@corp.com\r\n\r\njdoe\r\nbad@\r\n'));
    assert.deepEqual(lines(result), [['alice@corp.com', 1], ['jdoe', 3]]);
    assert.deepEqual(result.rejected.map((rejected) => rejected.line), [4]);
  });

  it('reads several identifiers on one TXT line', () => {
    const result = parseIdentifierFile(textFile('list.text', 'a@corp.com, b@corp.com c@corp.com; d@corp.com\ne@corp.com'));
    assert.deepEqual(values(result), ['a@corp.com', 'b@corp.com', 'c@corp.com', 'd@corp.com', 'e@corp.com']);
  });

  it('reads a TXT with a header row as a table', () => {
    const result = parseIdentifierFile(textFile('list.txt', 'Email, Name\na@corp.com, Alice Smith\n'));
    assert.deepEqual(values(result), ['a@corp.com']);
    assert.deepEqual(result.rejected, []);
  });

  it('decodes a UTF-16 LE "Unicode text" export from Excel', () => {
    const text = 'Email\tFirst name\r\nalice@corp.com\tAlice\r\nbjörn@corp.com\tBjörn\r\n';
    const result = parseIdentifierFile({ name: 'export.txt', bytes: utf16(text, false) });
    assert.deepEqual(lines(result), [['alice@corp.com', 2], ['björn@corp.com', 3]]);
  });

  it('decodes UTF-16 BE with a BOM', () => {
    const result = parseIdentifierFile({ name: 'export.csv', bytes: utf16('Email\nalice@corp.com\n', true) });
    assert.deepEqual(values(result), ['alice@corp.com']);
  });
});

describe('parseIdentifierFile: empty files', () => {
  for (const [name, text] of [
    ['empty.csv', ''],
    ['blank.csv', '\uFEFF\r\n  \r\n'],
    ['commas.csv', ',,\n , ,\n'],
    ['header-only.csv', 'Username,Email\n'],
    ['header-only.tsv', 'Email\n\n'],
    ['empty.txt', '\n\n'],
    ['header-only.txt', 'Email\n'],
  ] as const) {
    it(`refuses ${name}`, () => {
      assertInputError(() => parseIdentifierFile(textFile(name, text)), 'empty_input', 'The file has no users in it');
    });
  }
});
