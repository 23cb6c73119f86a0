// The System Log's `filter` (GET /api/v1/logs): SCIM-like expressions over LogEvent fields.
// `and`, `or` and parentheses (boolean-expression.ts) over leaves `path pr` or `path op "value"`
// (op: eq ne sw co).
// Operators and `and`/`or` are case-insensitive; paths and values are case-sensitive. A path
// through an array (`target.id`) matches when any element matches, as in SCIM.
import { parseBoolean, type BooleanExpr } from './boolean-expression.ts';
import { SearchSyntaxError, tokenize } from './search-tokens.ts';

type Operator = 'eq' | 'ne' | 'sw' | 'co';
const OPERATORS: readonly Operator[] = ['eq', 'ne', 'sw', 'co'];

type Leaf = { kind: 'compare'; path: string[]; op: Operator; value: string } | { kind: 'present'; path: string[] };
export type LogFilter = BooleanExpr<Leaf>;

export { SearchSyntaxError as LogFilterSyntaxError };

export function parseLogFilter(input: string): LogFilter {
  return parseBoolean(tokenize(input), (cursor): Leaf => {
    const token = cursor.peek();
    if (token?.kind !== 'word' || !/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/.test(token.text)) throw new SearchSyntaxError('expected an attribute');
    const path = token.text.split('.');
    const opToken = cursor.peek(1);
    const opText = opToken?.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (opText === 'pr') {
      cursor.advance(2);
      return { kind: 'present', path };
    }
    const op = OPERATORS.find((o) => o === opText);
    if (op === undefined) throw new SearchSyntaxError('expected an operator');
    const valueToken = cursor.peek(2);
    if (valueToken?.kind !== 'string') throw new SearchSyntaxError('expected a quoted value');
    cursor.advance(3);
    return { kind: 'compare', path, op, value: valueToken.text };
  });
}

/** Every scalar the path reaches, arrays flattened (SCIM's multi-valued attributes). */
function valuesAt(value: unknown, path: readonly string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) {
    if (typeof value === 'string') return [value];
    return typeof value === 'number' || typeof value === 'boolean' ? [String(value)] : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

export function matchesLogFilter(filter: LogFilter, event: unknown): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesLogFilter(filter.left, event) && matchesLogFilter(filter.right, event);
    case 'or':
      return matchesLogFilter(filter.left, event) || matchesLogFilter(filter.right, event);
    case 'present':
      return valuesAt(event, filter.path).length > 0;
    case 'compare': {
      const values = valuesAt(event, filter.path);
      const wanted = filter.value;
      // ne: no element equals (an absent attribute is "not equal").
      if (filter.op === 'ne') return !values.includes(wanted);
      return values.some((v) => (filter.op === 'eq' ? v === wanted : filter.op === 'sw' ? v.startsWith(wanted) : v.includes(wanted)));
    }
  }
}
