import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { postFollowOnPlan, type PlanClick } from './plan-clicks.ts';
import { noticeFor } from './present-plan.ts';

/**
 * "Resend to N still pending" under a follow-up (`click.planId` is the run's id): the core makes a
 * fresh request of the users still pending, by the person who pressed, through the same policy
 * and authorization as any request; the plan goes into the thread and is confirmed like any other.
 */
export function followUpResendClick(deps: SlackDeps, click: PlanClick): Promise<void> {
  return postFollowOnPlan(deps, click, (actor) => deps.service.prepareFollowUpResend(click.planId, actor));
}

/**
 * "Take N off Okta's bounce list…" (Slack asked for confirmation first): the core allows admins
 * only, once per run; what was done is said in the thread, a refusal only to the person.
 */
export async function clearBouncesClick(deps: SlackDeps, click: PlanClick): Promise<void> {
  const actor = await deps.requesterOf(click.user);
  const outcome = await deps.service.clearBounces(click.planId, actor);
  if (outcome.kind !== 'cleared') return click.notify(noticeFor(outcome));
  const thread = { channel: click.message.channel, threadTs: click.message.threadTs ?? click.message.ts };
  const removed = outcome.removed.map((address) => escapeMrkdwn(address)).join(', ') || 'none';
  const errors = outcome.errors.map((e) => `\n• ${escapeMrkdwn(e.address)}: ${escapeMrkdwn(e.reason)}`).join('');
  await deps.chat.post(thread, `:broom: ${escapeMrkdwn(actor.displayName)} took ${removed} off Okta's bounce list. Resend once the mailbox is right.${errors}`);
}
