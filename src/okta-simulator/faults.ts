// Fault modes: Okta (or a proxy in front of it) misbehaving in ways a client must survive.
import type { FaultMatch, FaultRequest, FaultRule } from './types.ts';

/** Okta's windows are per minute; a reset an hour ahead is the misbehaviour seen in the field. */
export const DEFAULT_FAR_RESET_SECONDS = 3600;

interface ActiveFault {
  readonly rule: FaultRule;
  /** Matching requests still to be hit; Infinity without `times`. */
  left: number;
}

export function validateFault(rule: FaultRule): void {
  if (rule.kind !== 'hang' && rule.kind !== 'farReset') throw new Error(`fault: unknown kind ${String((rule as { kind: unknown }).kind)}`);
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 1)) {
    throw new Error(`fault: times must be an integer >= 1, got ${String(rule.times)}`);
  }
  if (rule.kind === 'farReset' && rule.resetAheadSeconds !== undefined && !(rule.resetAheadSeconds > 0)) {
    throw new Error(`fault: resetAheadSeconds must be > 0, got ${String(rule.resetAheadSeconds)}`);
  }
}

function matches(match: FaultMatch | undefined, request: FaultRequest): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method) return false;
  if (typeof match.path === 'string' && match.path !== request.path) return false;
  if (match.path instanceof RegExp && !match.path.test(request.path)) return false;
  if (match.bucket !== undefined && match.bucket !== request.bucket) return false;
  return match.when ? match.when(request) : true;
}

/** The faults in force, first added first; each request meets at most one. */
export class FaultPlan {
  private readonly active: ActiveFault[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  /** Returns a function that removes the fault again. */
  add(rule: FaultRule): () => void {
    validateFault(rule);
    const fault: ActiveFault = { rule, left: rule.times ?? Number.POSITIVE_INFINITY };
    this.active.push(fault);
    return () => {
      const index = this.active.indexOf(fault);
      if (index >= 0) this.active.splice(index, 1);
    };
  }

  clear(): void {
    this.active.length = 0;
  }

  /** The fault this request meets, counted against its `times` (a used-up fault is dropped). */
  take(request: FaultRequest): FaultRule | null {
    const fault = this.active.find((f) => matches(f.rule.match, request));
    if (!fault) return null;
    fault.left -= 1;
    if (fault.left <= 0) this.active.splice(this.active.indexOf(fault), 1);
    return fault.rule;
  }
}

