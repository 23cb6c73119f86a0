import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToPlainText, parseIdentifierHtml } from '../../../src/core/parse/index.ts';
import { assertInputError, limits, values } from './helpers.ts';

describe('htmlToPlainText', () => {
  it('drops <at> mentions with their text and strips other tags', () => {
    assert.equal(htmlToPlainText('<p><at id="0">Resend Bot</at> hello <b>there</b></p>'), '  hello there\n');
  });

  it('turns <br>, </p> and </div> into line breaks and source newlines into spaces', () => {
    assert.equal(htmlToPlainText('a<br>b<br/>c<BR />d</p>e</div>f\ng'), 'a\nb\nc\nd\ne\nf g');
  });

  it('decodes named, decimal and hex entities', () => {
    assert.equal(htmlToPlainText('&amp; &lt;x&gt; &quot;q&quot; &#39;s&#39; a&nbsp;b &#64; &#x40; &#X41; &bogus; &#0;'), '& <x> "q" \'s\' a b @ @ A &bogus; &#0;');
  });

  it('decodes entities after stripping tags, so escaped markup stays text', () => {
    assert.equal(htmlToPlainText('&lt;at&gt;alice@corp.com&lt;/at&gt;'), '<at>alice@corp.com</at>');
  });

  it('replaces a mailto link with its address', () => {
    assert.equal(htmlToPlainText(`<a href="mailto:alice%40corp.com?subject=hi">Alice</a> <a class='x' href='mailto:b@corp.com'>Bob</a>`), ' alice@corp.com   b@corp.com ');
  });
});

describe('parseIdentifierHtml', () => {
  it('extracts emails from a Teams message with a bot mention, entities and mailto links', () => {
    const html =
      '<p><at>Resend Activation</at>&nbsp;please resend for <a href="mailto:Alice@Corp.com" title="mailto:Alice@Corp.com">Alice Smith</a>' +
      ' &amp; bob&#64;corp.com</p><div>carol@corp.com,&nbsp;dan@corp.com.</div><p>thanks &lt;3</p>';
    const result = parseIdentifierHtml(html);
    assert.deepEqual(result.identifiers.map((identifier) => [identifier.value, identifier.line]), [
      ['alice@corp.com', 1],
      ['bob@corp.com', 1],
      ['carol@corp.com', 2],
      ['dan@corp.com', 2],
    ]);
    assert.deepEqual(result.rejected, []);
  });

  it('ignores an email inside an <at> mention', () => {
    assert.deepEqual(values(parseIdentifierHtml('<at>bot@corp.com</at> x@corp.com')), ['x@corp.com']);
  });

  it('deduplicates across the mailto href and its visible label', () => {
    const result = parseIdentifierHtml('<a href="mailto:alice@corp.com">alice@corp.com</a> and Alice@corp.com');
    assert.deepEqual(values(result), ['alice@corp.com']);
    assert.equal(result.duplicates, 1);
  });

  it('refuses HTML over the size limit', () => {
    assertInputError(() => parseIdentifierHtml('<p>x</p>'.repeat(1_000), { limits: limits({ maxFileBytes: 1_024 }) }), 'input_too_large');
  });
});
