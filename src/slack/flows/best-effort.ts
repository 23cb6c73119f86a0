import type { SlackDeps } from '../slack-deps.ts';

/**
 * A Slack call (or a piece of the core's bookkeeping around one) whose failure must not stop what
 * matters more (a confirmed run, a decided approval): it is logged and the flow goes on. Returns
 * whether it worked.
 */
export async function bestEffort(deps: SlackDeps, step: string, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    deps.logger.warn({ err: error, step }, 'slack step failed; carrying on');
    return false;
  }
}
