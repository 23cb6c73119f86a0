// Okta's `search` (and `filter`) expression language for GET /api/v1/users: `and`, `or` and
// parentheses (boolean-expression.ts) over leaves `property op "value"`. Operators are
// case-insensitive; property names are case-sensitive.
import { parseBoolean, type BooleanExpr } from './boolean-expression.ts';
import { SearchSyntaxError, tokenize } from './search-tokens.ts';
import type { StoredUser } from './user-store.ts';

export { SearchSyntaxError, tokenize, type Token } from './search-tokens.ts';

export type Operator = 'eq' | 'sw';

type Compare = { kind: 'compare'; property: string; op: Operator; value: string };
export type Expr = BooleanExpr<Compare>;


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

export function parseExpression(input: string, dialect: Dialect): Expr {
  return parseBoolean(tokenize(input), (cursor): Compare => {
    const token = cursor.peek();
    if (token?.kind !== 'word') throw new SearchSyntaxError('expected a property');
    if (!dialect.properties.includes(token.text)) throw new SearchSyntaxError(`unknown property ${token.text}`);
    const opToken = cursor.peek(1);
    const op = opToken?.kind === 'word' ? dialect.operators.find((o) => o === opToken.text.toLowerCase()) : undefined;
    if (op === undefined) throw new SearchSyntaxError('expected an operator');
    const valueToken = cursor.peek(2);
    if (valueToken?.kind !== 'string') throw new SearchSyntaxError('expected a quoted value');
    cursor.advance(3);
    return { kind: 'compare', property: token.text, op, value: valueToken.text };
  });
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
