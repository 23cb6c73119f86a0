// The boolean part Okta's `search`/`filter` (users) and the System Log's `filter` share:
//   expr   := term ('or' term)*         -- `and` binds tighter than `or`
//   term   := factor ('and' factor)*
//   factor := '(' expr ')' | leaf
// `and`/`or` are case-insensitive; what a leaf is, each language says (see search.ts, log-filter.ts).
import { SearchSyntaxError, type Token } from './search-tokens.ts';

export type BooleanExpr<Leaf> = Leaf | { kind: 'and' | 'or'; left: BooleanExpr<Leaf>; right: BooleanExpr<Leaf> };

/** The tokens not read yet, for a leaf parser: look ahead, then take what it used. */
export interface TokenCursor {
  peek(offset?: number): Token | undefined;
  advance(count: number): void;
}

export function parseBoolean<Leaf>(tokens: readonly Token[], leaf: (cursor: TokenCursor) => Leaf): BooleanExpr<Leaf> {
  let pos = 0;
  const cursor: TokenCursor = { peek: (offset = 0) => tokens[pos + offset], advance: (count) => void (pos += count) };
  const keyword = (word: string): boolean => {
    const token = tokens[pos];
    if (token?.kind !== 'word' || token.text.toLowerCase() !== word) return false;
    pos += 1;
    return true;
  };
  const expr = (): BooleanExpr<Leaf> => {
    let left = term();
    while (keyword('or')) left = { kind: 'or', left, right: term() };
    return left;
  };
  const term = (): BooleanExpr<Leaf> => {
    let left = factor();
    while (keyword('and')) left = { kind: 'and', left, right: factor() };
    return left;
  };
  const factor = (): BooleanExpr<Leaf> => {
    if (tokens[pos]?.kind !== 'lparen') return leaf(cursor);
    pos += 1;
    const inner = expr();
    if (tokens[pos]?.kind !== 'rparen') throw new SearchSyntaxError('missing )');
    pos += 1;
    return inner;
  };
  const parsed = expr();
  if (pos !== tokens.length) throw new SearchSyntaxError('unexpected trailing input');
  return parsed;
}
