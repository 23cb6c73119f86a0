import type { Logger } from '../logging/logger.ts';

/**
 * A Bot Connector call whose failure must not stop what matters more (a confirmed run, a decided
 * approval, telling the requester): the core has already settled the plan or the approval, so a
 * 429, 5xx or 404 on a card update or a notice is logged and the flow goes on. Returns whether it
 * worked.
 */
export async function bestEffort(logger: Logger, step: string, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    logger.warn({ err: error, step }, 'teams call failed; carrying on');
    return false;
  }
}

/**
 * Thrown when the run itself (the Okta calls) stopped part-way: emails may have gone out, which is
 * what the person must be told. Anything else that fails in a job happened before a run started.
 */
export class RunStoppedError extends Error {
  constructor(cause: unknown) {
    super('the run stopped with an error', { cause });
    this.name = 'RunStoppedError';
  }
}
