// Tokens of Okta's expression languages (users' search/filter, the System Log's filter).
export class SearchSyntaxError extends Error {}

export type Token = { kind: 'lparen' | 'rparen' } | { kind: 'word'; text: string } | { kind: 'string'; text: string };

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen' });
      i += 1;
    } else if (ch === '"') {
      let text = '';
      i += 1;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i += 1;
        text += input[i];
        i += 1;
      }
      if (i >= input.length) throw new SearchSyntaxError('unterminated string');
      i += 1;
      tokens.push({ kind: 'string', text });
    } else {
      const match = /^[A-Za-z0-9_.$]+/.exec(input.slice(i));
      if (match === null) throw new SearchSyntaxError(`unexpected character ${ch}`);
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}
