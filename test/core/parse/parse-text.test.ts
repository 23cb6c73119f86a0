import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIdentifierText } from '../../../src/core/parse/index.ts';
import { assertInputError, limits, values } from './helpers.ts';

describe('parseIdentifierText (strict)', () => {
  it('splits on whitespace, commas, semicolons and newlines', () => {
    const result = parseIdentifierText('a@corp.com, b@corp.com;c@corp.com\td@corp.com\n\ne@corp.com\r\nf@corp.com\rg@corp.com');
    assert.deepEqual(values(result), ['a@corp.com', 'b@corp.com', 'c@corp.com', 'd@corp.com', 'e@corp.com', 'f@corp.com', 'g@corp.com']);
    assert.deepEqual(result.identifiers.map((identifier) => identifier.line), [1, 1, 1, 1, 3, 4, 5]);
    assert.deepEqual(result.rejected, []);
  });

  it('takes the address from both Slack mailto forms', () => {
    const result = parseIdentifierText('<mailto:Alice@Corp.com|Alice@Corp.com> <mailto:bob@corp.com>');
    assert.deepEqual(result.identifiers, [
      { raw: 'Alice@Corp.com', kind: 'email', value: 'alice@corp.com', line: 1 },
      { raw: 'bob@corp.com', kind: 'email', value: 'bob@corp.com', line: 1 },
    ]);
  });

  it('rejects a mailto link whose address is not an email', () => {
    const result = parseIdentifierText('<mailto:jdoe|jdoe>');
    assert.deepEqual(values(result), []);
    assert.equal(result.rejected[0]?.reason, 'not a valid email address');
  });

  it('rejects Slack mentions, channels and links, keeping their raw text', () => {
    const result = parseIdentifierText('<!channel> <!here> <@U123ABC|bob> <#C42|general> <https://example.com|see the list> ok@corp.com');
    assert.deepEqual(values(result), ['ok@corp.com']);
    assert.deepEqual(
      result.rejected.map((rejected) => [rejected.raw, rejected.reason]),
      [
        ['<!channel>', "a Slack mention, not a person's email"],
        ['<!here>', "a Slack mention, not a person's email"],
        ['<@U123ABC|bob>', 'a Slack user mention, not an email; type their email address or Okta login instead'],
        ['<#C42|general>', 'a Slack channel, not a person'],
        ['<https://example.com|see the list>', 'a link, not an email address or login'],
      ],
    );
  });

  it('reads a login that Slack auto-linked as a domain', () => {
    assert.deepEqual(values(parseIdentifierText('<http://maria.es|maria.es>')), ['maria.es']);
  });

  it('strips quotes, brackets and trailing punctuation when that leaves an identifier', () => {
    const text = '"alice@corp.com", (bob@corp.com). <carol@corp.com> dan@corp.com> ‘erin@corp.com’ *frank@corp.com* gina@corp.com.';
    assert.deepEqual(values(parseIdentifierText(text)), [
      'alice@corp.com', 'bob@corp.com', 'carol@corp.com', 'dan@corp.com', 'erin@corp.com', 'frank@corp.com', 'gina@corp.com',
    ]);
  });

  it('reads text Slack escaped (&lt; &gt; &amp;) and a mailto: prefix', () => {
    const result = parseIdentifierText('Alice &lt;alice@corp.com&gt; mailto:bob@corp.com');
    assert.deepEqual(values(result), ['alice', 'alice@corp.com', 'bob@corp.com']);
  });

  it('ignores tokens that are only punctuation', () => {
    assert.deepEqual(parseIdentifierText('a@corp.com - b@corp.com — ( ) &'), {
      identifiers: parseIdentifierText('a@corp.com b@corp.com').identifiers,
      rejected: [],
      duplicates: 0,
    });
  });

  it('classifies Okta ids, emails and logins', () => {
    const result = parseIdentifierText('00u1a2b3c4d5e6f7g8h9 J.Doe jane_smith-2 Jane@Corp.COM');
    assert.deepEqual(
      result.identifiers.map((identifier) => [identifier.kind, identifier.value, identifier.raw]),
      [
        ['oktaId', '00u1a2b3c4d5e6f7g8h9', '00u1a2b3c4d5e6f7g8h9'],
        ['login', 'j.doe', 'J.Doe'],
        ['login', 'jane_smith-2', 'jane_smith-2'],
        ['email', 'jane@corp.com', 'Jane@Corp.COM'],
      ],
    );
  });

  it('keeps Okta ids as written and deduplicates them exactly', () => {
    const result = parseIdentifierText('00uAbCdEfGhIjKlMnOpQ 00uAbCdEfGhIjKlMnOpQ');
    assert.deepEqual(values(result), ['00uAbCdEfGhIjKlMnOpQ']);
    assert.equal(result.duplicates, 1);
  });

  it('deduplicates case-insensitively, keeping the first occurrence', () => {
    const result = parseIdentifierText('Alice@Corp.com\nalice@corp.com\nJDOE jdoe');
    assert.deepEqual(result.identifiers.map((identifier) => [identifier.raw, identifier.line]), [
      ['Alice@Corp.com', 1],
      ['JDOE', 3],
    ]);
    assert.equal(result.duplicates, 2);
  });

  it('rejects malformed emails with their line numbers and a reason', () => {
    const result = parseIdentifierText('good@corp.com\nalice@\nbob@@corp.com\n@carol\ndan@corp\nerin@corp..com x@-bad.com');
    assert.deepEqual(values(result), ['good@corp.com']);
    assert.deepEqual(
      result.rejected.map((rejected) => [rejected.line, rejected.raw, rejected.reason]),
      [
        [2, 'alice@', 'not a valid email address (nothing after the @)'],
        [3, 'bob@@corp.com', 'not a valid email address (more than one @)'],
        [4, '@carol', 'looks like an @mention; type their email address or Okta login instead'],
        [5, 'dan@corp', 'not a valid email address (the domain needs a dot, like corp.com)'],
        [6, 'erin@corp..com', 'not a valid email address (the domain is not valid)'],
        [6, 'x@-bad.com', 'not a valid email address (the domain is not valid)'],
      ],
    );
  });

  it('rejects words that cannot be a login', () => {
    const result = parseIdentifierText('.hidden José résumé! ok');
    assert.deepEqual(values(result), ['ok']);
    assert.deepEqual(result.rejected.map((rejected) => rejected.raw), ['.hidden', 'José', 'résumé!']);
    assert.equal(result.rejected[0]?.reason, 'not an email address, Okta login or Okta user id');
  });

  it('rejects a token over the identifier length as too long, raw shortened', () => {
    const long = 'a'.repeat(300);
    const result = parseIdentifierText(`${long} ok@corp.com`);
    assert.deepEqual(values(result), ['ok@corp.com']);
    assert.equal(result.rejected[0]?.reason, 'too long (300 characters; the limit is 254)');
    assert.equal(result.rejected[0]?.raw, `${'a'.repeat(80)}…`);
  });

  it('rejects a line over the line length instead of reading it', () => {
    const result = parseIdentifierText(`ok@corp.com\n${'x@corp.com '.repeat(1000)}`);
    assert.deepEqual(values(result), ['ok@corp.com']);
    assert.equal(result.rejected.length, 1);
    assert.equal(result.rejected[0]?.line, 2);
    assert.match(result.rejected[0]?.reason ?? '', /^line too long \(11,000 characters; the limit is 4,096\)$/);
  });

  it('keeps the raw text of a rejected token unsanitised for the adapter to escape', () => {
    const result = parseIdentifierText('javascript:alert(1) a&amp;b');
    assert.deepEqual(result.rejected.map((rejected) => rejected.raw), ['javascript:alert(1)', 'a&amp;b']);
  });

  it('returns an empty result for empty input', () => {
    assert.deepEqual(parseIdentifierText('  \n\t '), { identifiers: [], rejected: [], duplicates: 0 });
  });

  it('throws when there are more distinct identifiers than the limit, naming both numbers', () => {
    const text = Array.from({ length: 7 }, (_, i) => `user${i}@corp.com`).join('\n');
    assertInputError(() => parseIdentifierText(text, { limits: limits({ maxIdentifiers: 5 }) }), 'too_many_identifiers', '7', '5');
    // Repeats do not count towards the limit.
    const repeated = `${text}\n${text}`;
    assert.equal(parseIdentifierText(repeated, { limits: limits({ maxIdentifiers: 7 }) }).duplicates, 7);
  });

  it('throws at the real identifier limit', () => {
    const text = Array.from({ length: 10_001 }, (_, i) => `u${i}@corp.com`).join('\n');
    assertInputError(() => parseIdentifierText(text), 'too_many_identifiers', '10,001', '10,000');
  });

  it('throws when the text is larger than the file limit', () => {
    assertInputError(() => parseIdentifierText('a'.repeat(2_000), { limits: limits({ maxFileBytes: 1_024 }) }), 'input_too_large', '1 KB');
  });
});

describe('parseIdentifierText (extract)', () => {
  it('picks emails out of a chat message and ignores the prose', () => {
    const text =
      'Hi team, these two never got their welcome email: <mailto:alice@corp.com|alice@corp.com> and bob@corp.com.\n' +
      'Also (Carol@Corp.com)? Thanks! cc <@U123> <!here> <https://wiki|wiki>';
    const result = parseIdentifierText(text, { mode: 'extract' });
    assert.deepEqual(result.identifiers.map((identifier) => [identifier.value, identifier.line]), [
      ['alice@corp.com', 1],
      ['bob@corp.com', 1],
      ['carol@corp.com', 2],
    ]);
    assert.deepEqual(result.rejected, []);
  });

  it('picks Okta ids but not logins, and rejects nothing', () => {
    const result = parseIdentifierText('please check 00u1a2b3c4d5e6f7g8h9 and jdoe, alice@ is broken', { mode: 'extract' });
    assert.deepEqual(values(result), ['00u1a2b3c4d5e6f7g8h9']);
    assert.deepEqual(result.rejected, []);
  });

  it('does not cap line length for prose', () => {
    const text = `${'word '.repeat(2_000)}alice@corp.com`;
    assert.deepEqual(values(parseIdentifierText(text, { mode: 'extract' })), ['alice@corp.com']);
  });
});

it('pasted address lists: display names before <address> are dropped, not looked up as logins', () => {
  const result = parseIdentifierText('Alice Smith <alice@corp.com>; "Li, Bob" <bob@corp.com>, Carol <mailto:carol@corp.com|carol@corp.com>');
  assert.deepEqual(result.identifiers.map((i) => i.value), ['alice@corp.com', 'bob@corp.com', 'carol@corp.com']);
  assert.deepEqual(result.rejected, []);
  const outlook = parseIdentifierText('Smith, Alice <alice@corp.com>; van der Berg, Mary-Jane <mj@corp.com>');
  assert.deepEqual(outlook.identifiers.map((i) => i.value), ['alice@corp.com', 'mj@corp.com'], 'Outlook\'s "Last, First" form');
});

it('what people type as logins is never taken for a display name, so nothing is dropped silently', () => {
  const cases: Array<[string, string[]]> = [
    ['jdoe bsmith <bob@corp.com>', ['jdoe', 'bsmith', 'bob@corp.com']],
    ['jdoe\tmwong <m@corp.com>', ['jdoe', 'mwong', 'm@corp.com']],
    ['00u1abcdefghijklmnop 00u2abcdefghijklmnop <x@corp.com>', ['00u1abcdefghijklmnop', '00u2abcdefghijklmnop', 'x@corp.com']],
    ['dan@corp.com, jdoe <erin@corp.com>', ['dan@corp.com', 'jdoe', 'erin@corp.com']],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseIdentifierText(text).identifiers.map((i) => i.value), expected, text);
});
