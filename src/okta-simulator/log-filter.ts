// The System Log's `filter` (GET /api/v1/logs): SCIM-like expressions over LogEvent fields.
//   expr   := term ('or' term)*         -- `and` binds tighter than `or`
//   term   := factor ('and' factor)*
//   factor := '(' expr ')' | path 'pr' | path op "value"      op: eq ne sw co
// Operators and `and`/`or` are case-insensitive; paths and values are case-sensitive. A path
// through an array (`target.id`) matches when any element matches, as in SCIM.
import { SearchSyntaxError, tokenize } from './search.ts';
import type { Token } from './search.ts';

type Operator = 'eq' | 'ne' | 'sw' | 'co';
const OPERATORS: readonly Operator[] = ['eq', 'ne', 'sw', 'co'];

export type LogFilter =
  | { kind: 'compare'; path: string[]; op: Operator; value: string }
  | { kind: 'present'; path: string[] }
  | { kind: 'and' | 'or'; left: LogFilter; right: LogFilter };

export { SearchSyntaxError as LogFilterSyntaxError };

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): LogFilter {
    const expr = this.expr();
    if (this.pos !== this.tokens.length) throw new SearchSyntaxError('unexpected trailing input');
    return expr;
  }

  private expr(): LogFilter {
    let left = this.term();
    while (this.keyword('or')) left = { kind: 'or', left, right: this.term() };
    return left;
  }

  private term(): LogFilter {
    let left = this.factor();
    while (this.keyword('and')) left = { kind: 'and', left, right: this.factor() };
    return left;
  }

  private factor(): LogFilter {
    const token = this.tokens[this.pos];
    if (token?.kind === 'lparen') {
      this.pos += 1;
      const inner = this.expr();
      if (this.tokens[this.pos]?.kind !== 'rparen') throw new SearchSyntaxError('missing )');
      this.pos += 1;
      return inner;
    }
    if (token?.kind !== 'word' || !/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/.test(token.text)) throw new SearchSyntaxError('expected an attribute');
    const path = token.text.split('.');
    const opToken = this.tokens[this.pos + 1];
    const opText = opToken?.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (opText === 'pr') {
      this.pos += 2;
      return { kind: 'present', path };
    }
    const op = OPERATORS.find((o) => o === opText);
    if (op === undefined) throw new SearchSyntaxError('expected an operator');
    const valueToken = this.tokens[this.pos + 2];
    if (valueToken?.kind !== 'string') throw new SearchSyntaxError('expected a quoted value');
    this.pos += 3;
    return { kind: 'compare', path, op, value: valueToken.text };
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

export function parseLogFilter(input: string): LogFilter {
  return new Parser(tokenize(input)).parse();
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
