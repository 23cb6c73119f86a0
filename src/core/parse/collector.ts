import { InputError } from '../errors.ts';
import { identifierKey, type Identifier, type ParsedIdentifiers, type RejectedInput } from '../identifiers.ts';
import type { InputLimits } from '../limits.ts';
import { formatCount } from './format.ts';

/** Accumulates identifiers in input order, dropping case-insensitive repeats. */
export class IdentifierCollector {
  readonly #limits: InputLimits;
  readonly #seen = new Set<string>();
  readonly #identifiers: Identifier[] = [];
  readonly #rejected: RejectedInput[] = [];
  #duplicates = 0;

  constructor(limits: InputLimits) {
    this.#limits = limits;
  }

  add(identifier: Identifier): void {
    const key = identifierKey(identifier);
    if (this.#seen.has(key)) {
      this.#duplicates += 1;
      return;
    }
    this.#seen.add(key);
    // Past the limit the request is refused in finish(); keep counting but stop storing.
    if (this.#identifiers.length < this.#limits.maxIdentifiers) this.#identifiers.push(identifier);
  }

  reject(line: number, raw: string, reason: string): void {
    // A list that is mostly unreadable is the wrong file; refusing it beats a huge error list.
    if (this.#rejected.length >= this.#limits.maxRows) {
      throw new InputError(
        'too_many_rows',
        `More than ${formatCount(this.#limits.maxRows)} entries could not be read as an email, login or Okta id. Check that this is the right list.`,
      );
    }
    this.#rejected.push({ line, raw, reason });
  }

  finish(): ParsedIdentifiers {
    const distinct = this.#seen.size;
    if (distinct > this.#limits.maxIdentifiers) {
      throw new InputError(
        'too_many_identifiers',
        `That is ${formatCount(distinct)} different people; one request can take at most ${formatCount(this.#limits.maxIdentifiers)}. Split the list into smaller batches.`,
      );
    }
    return { identifiers: this.#identifiers, rejected: this.#rejected, duplicates: this.#duplicates };
  }
}
