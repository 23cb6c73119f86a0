/**
 * One base error with a stable string `code` (bolt-js style). Its message is written for the
 * requester: adapters show it as is (escaped), so it never carries secrets or stack traces.
 */
export class CoreError extends Error {
  override name = 'CoreError';
  constructor(
    readonly code: CoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type CoreErrorCode =
  | 'input_too_large'
  | 'too_many_rows'
  | 'too_many_identifiers'
  | 'binary_file'
  | 'unknown_columns'
  | 'empty_input'
  | 'unsupported_file'
  | 'malformed_file'
  | 'directory_unavailable'
  | 'plan_not_confirmed'
  | 'store_unavailable'
  | 'run_handed_over';

/** Bad input: refused before any Okta call. */
export class InputError extends CoreError {
  override name = 'InputError';
}

/** Okta refused the bot itself (bad token, missing scope): no user can be looked up. */
export class DirectoryUnavailableError extends CoreError {
  override name = 'DirectoryUnavailableError';
  constructor(message: string) {
    super('directory_unavailable', message);
  }
}

/** A surface asked to run a plan nobody confirmed (or approved), or one that ran already. */
export class PlanNotRunnableError extends CoreError {
  override name = 'PlanNotRunnableError';
  constructor(message: string) {
    super('plan_not_confirmed', message);
  }
}

export function isCoreError(value: unknown): value is CoreError {
  return value instanceof CoreError;
}

/**
 * The shared store (Redis) did not answer: nothing was decided. Surfaces tell the person to try
 * again shortly; /readyz reports not ready meanwhile.
 */
export class StoreUnavailableError extends CoreError {
  override name = 'StoreUnavailableError';
  constructor(detail: string) {
    super('store_unavailable', `The bot's state store is not reachable right now (${detail}), so nothing was done. Try again shortly.`);
  }
}

/**
 * This process stopped driving a durable run before its end (shutdown): the users not done yet
 * stay in the store, and the next process to start (or another replica) finishes the run in the
 * same thread. Surfaces say so instead of posting results.
 */
export class RunHandedOverError extends CoreError {
  override name = 'RunHandedOverError';
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super('run_handed_over', `Paused at ${done} of ${total}: the bot is restarting. The rest continues after the restart (or on another replica), and the results will be posted here.`);
  }
}
