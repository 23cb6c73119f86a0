// One correlation id per incoming chat request or click and per command-line run, so an operator
// can follow it from the Slack command through the log lines and the audit file to the Okta calls
// it made (each audit `lookup` / `lifecycle` line also names Okta's X-Okta-Request-Id).
//
// Carried by AsyncLocalStorage (a node built-in) rather than passed through every call: a surface
// wraps its entry point in withCorrelation, and everything started inside — awaited calls,
// background jobs, timers, the run it starts — sees the same id. The audit file and the logger
// read it when they write a line. A click is a request of its own with its own id; the plan id
// that every line carries joins it to the request that made the plan.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const storage = new AsyncLocalStorage<string>();

/** What any audit event may carry besides its own fields (see AuditEvent). */
export interface Correlated {
  /** Set from the context the event was recorded in; absent for work no request started (run recovery). */
  readonly correlationId?: string;
}

/**
 * A new id: `<surface>-<hint>-<random>` (the hint is, e.g., a Teams activity id, clipped and
 * reduced to safe characters), 12 random hex characters being enough to tell requests apart.
 */
export function newCorrelationId(surface: string, hint?: string | null): string {
  const safeHint = (hint ?? '').replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 32);
  return [surface, safeHint, randomBytes(6).toString('hex')].filter((part) => part !== '').join('-');
}

/** Runs `fn` (and everything it starts) under `id`. */
export function withCorrelation<T>(id: string, fn: () => T): T {
  return storage.run(id, fn);
}

/** The id of the request being served, if any. */
export function currentCorrelation(): string | undefined {
  return storage.getStore();
}

/** A listener that serves each call under a new id of `surface` (Slack handlers: one per request). */
export function correlated<F extends (...args: never[]) => unknown>(surface: string, listener: F): F {
  // The same signature as the listener, so the framework's types still reach its parameters.
  return ((...args: Parameters<F>) => withCorrelation(newCorrelationId(surface), () => listener(...args))) as F;
}

/** The event with the current id added (an id already set is kept). */
export function withCurrentCorrelation<E extends object>(event: E): E & Correlated {
  const id = currentCorrelation();
  return id === undefined || 'correlationId' in event ? event : { ...event, correlationId: id };
}
