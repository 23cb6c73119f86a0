import assert from 'node:assert/strict';
import { InputError, type CoreErrorCode } from '../../../src/core/errors.ts';
import type { ParsedIdentifiers } from '../../../src/core/identifiers.ts';
import { INPUT_LIMITS, type InputLimits } from '../../../src/core/limits.ts';

export function limits(overrides: Partial<InputLimits>): InputLimits {
  return { ...INPUT_LIMITS, ...overrides };
}

export function textFile(name: string, text: string): { name: string; bytes: Uint8Array } {
  return { name, bytes: new TextEncoder().encode(text) };
}

/** Values of the identifiers, in order: the shape most assertions care about. */
export function values(result: ParsedIdentifiers): string[] {
  return result.identifiers.map((identifier) => identifier.value);
}

export function assertInputError(run: () => unknown, code: CoreErrorCode, ...messageParts: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.equal(error.code, code);
    for (const part of messageParts) assert.ok(error.message.includes(part), `"${error.message}" should mention "${part}"`);
    return true;
  });
}
