// Okta's `search` (and `filter`) expression language for GET /api/v1/users:
//   expr   := term ('or' term)*         -- `and` binds tighter than `or`
//   term   := factor ('and' factor)*
//   factor := '(' expr ')' | property op "value"
// Operators and `and`/`or` are case-insensitive; property names are case-sensitive.
import type { StoredUser } from './user-store.ts';

export type Operator = 'eq' | 'sw';

export type Expr =
  | { kind: 'compare'; property: string; op: Operator; value: string }
  | { kind: 'and' | 'or'; left: Expr; right: Expr };

export class SearchSyntaxError extends Error {}

export interface Dialect {
  operators: readonly Operator[];
  properties: readonly string[];
  /** Okta: search values are case-insensitive, filter values are case-sensitive. */
  caseSensitiveValues: boolean;
}

const PROPERTY_VALUES: Record<string, (u: StoredUser) => string | null> = {
  id: (u) => u.id,
  status: (u) => u.status,
  'profile.login': (u) => u.login,
  'profile.email': (u) => u.email,
  'profile.firstName': (u) => u.firstName,
  'profile.lastName': (u) => u.lastName,
  'profile.managerId': (u) => u.managerId,
};

export const SEARCH_DIALECT: Dialect = {
  operators: ['eq', 'sw'],
  properties: Object.keys(PROPERTY_VALUES),
  caseSensitiveValues: false,
};

/** Okta: filter supports only `eq` (lastUpdated's inequalities are not simulated). */
export const FILTER_DIALECT: Dialect = {
  operators: ['eq'],
  properties: ['id', 'status', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'],
  caseSensitiveValues: true,
};

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

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly dialect: Dialect,
  ) {}

  parse(): Expr {
    const expr = this.expr();
    if (this.pos !== this.tokens.length) throw new SearchSyntaxError('unexpected trailing input');
    return expr;
  }

  private expr(): Expr {
    let left = this.term();
    while (this.keyword('or')) left = { kind: 'or', left, right: this.term() };
    return left;
  }

  private term(): Expr {
    let left = this.factor();
    while (this.keyword('and')) left = { kind: 'and', left, right: this.factor() };
    return left;
  }

  private factor(): Expr {
    const token = this.tokens[this.pos];
    if (token?.kind === 'lparen') {
      this.pos += 1;
      const inner = this.expr();
      if (this.tokens[this.pos]?.kind !== 'rparen') throw new SearchSyntaxError('missing )');
      this.pos += 1;
      return inner;
    }
    if (token?.kind !== 'word') throw new SearchSyntaxError('expected a property');
    if (!this.dialect.properties.includes(token.text)) throw new SearchSyntaxError(`unknown property ${token.text}`);
    const opToken = this.tokens[this.pos + 1];
    const op = opToken?.kind === 'word' ? this.dialect.operators.find((o) => o === opToken.text.toLowerCase()) : undefined;
    if (op === undefined) throw new SearchSyntaxError('expected an operator');
    const valueToken = this.tokens[this.pos + 2];
    if (valueToken?.kind !== 'string') throw new SearchSyntaxError('expected a quoted value');
    this.pos += 3;
    return { kind: 'compare', property: token.text, op, value: valueToken.text };
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.pos];
    if (token?.kind === 'word' && token.text.toLowerCase() === word) {
      this.pos += 1;
      return true;
    }
    return false;
  }
}

export function parseExpression(input: string, dialect: Dialect): Expr {
  return new Parser(tokenize(input), dialect).parse();
}

export function matches(expr: Expr, user: StoredUser, dialect: Dialect): boolean {
  if (expr.kind !== 'compare') {
    const left = matches(expr.left, user, dialect);
    return expr.kind === 'and' ? left && matches(expr.right, user, dialect) : left || matches(expr.right, user, dialect);
  }
  const raw = PROPERTY_VALUES[expr.property]?.(user) ?? null;
  if (raw === null) return false;
  const actual = dialect.caseSensitiveValues ? raw : raw.toLowerCase();
  const wanted = dialect.caseSensitiveValues ? expr.value : expr.value.toLowerCase();
  return expr.op === 'eq' ? actual === wanted : actual.startsWith(wanted);
}
