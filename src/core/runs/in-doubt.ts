import type { LifecycleAction } from '../lifecycle.ts';

/**
 * "In doubt": a lifecycle call whose outcome is unknown — it timed out, or the process died with
 * it in flight. Calling again could send a second email, so the bot never does it blindly: it asks
 * Okta's System Log where it may, and otherwise says so and offers "send anyway".
 */
export const IN_DOUBT_HINT = 'Check the user in Okta (System Log: user.lifecycle events) before sending again; "send anyway" is offered for these users.';

export function inDoubtMessage(why: string): string {
  return `In doubt — not retried, to avoid a second email: ${why}.`;
}

/** What Okta's System Log says of a call this bot may have made (see UserDirectory.lifecycleLogged). */
export type LogVerdict = 'logged' | 'not_logged' | 'unknown';

export function inDoubtWhy(action: LifecycleAction, verdict: LogVerdict): string {
  if (verdict === 'not_logged') return `the bot stopped while the ${action} call was in flight, and Okta's System Log does not show it yet (it can trail by minutes)`;
  return `the bot stopped while the ${action} call was in flight, and the bot may not read Okta's System Log to find out whether it went through`;
}
