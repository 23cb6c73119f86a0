import type { AlternativeAction } from '../../core/resend-policy.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import { planFallbackText, renderPlanBlocks } from '../blocks/plan-blocks.ts';
import { settledBlocks } from '../blocks/settle-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackReplyTarget } from './approval-request.ts';
import { noticeFor, postPlan } from './present-plan.ts';
import { runConfirmedPlan } from './run-confirmed-plan.ts';

/** A button on a plan message. */
export interface PlanClick {
  readonly planId: string;
  readonly user: string;
  /** The plan message, with the blocks Slack sent along with the click. */
  readonly message: Place & { readonly ts: string; readonly blocks: readonly unknown[] };
}

function threadOf(click: PlanClick): Place {
  return { channel: click.message.channel, threadTs: click.message.threadTs ?? click.message.ts };
}

/** The core decides: only the requester, not after expiry, and only the first press runs. */
export async function confirmClick(deps: SlackDeps, click: PlanClick): Promise<void> {
  const actor = await deps.requesterOf(click.user);
  const thread = threadOf(click);
  const outcome = await deps.service.confirm(click.planId, actor, slackReplyTarget(thread));
  if (outcome.kind === 'confirmed') {
    await runConfirmedPlan(deps, { plan: outcome.plan, approval: outcome.approval, actor, planTs: click.message.ts, thread });
    return;
  }
  if (outcome.kind === 'expired' || outcome.kind === 'unknown') {
    const line = ':alarm_clock: This plan expired and nothing was sent. Run the command again for a fresh one.';
    await deps.chat.update(click.message.channel, click.message.ts, line, settledBlocks(click.message.blocks, line));
  }
  await deps.chat.ephemeral(thread, click.user, noticeFor(outcome));
}

export async function cancelClick(deps: SlackDeps, click: PlanClick): Promise<void> {
  const actor = await deps.requesterOf(click.user);
  const outcome = await deps.service.cancel(click.planId, actor);
  if (outcome.kind === 'cancelled') {
    const view = describePlan(outcome.plan);
    await deps.chat.update(click.message.channel, click.message.ts, escapeMrkdwn(planFallbackText(view)), renderPlanBlocks(view, { kind: 'cancelled', by: actor.displayName }));
    return;
  }
  await deps.chat.ephemeral(threadOf(click), click.user, noticeFor(outcome));
}

/**
 * "Send a password-reset email instead" / "Reactivate deactivated accounts": a second, separate
 * plan in the thread, which must be confirmed on its own. The core checks the role.
 */
export async function offerClick(deps: SlackDeps, click: PlanClick, alternative: AlternativeAction): Promise<void> {
  const actor = await deps.requesterOf(click.user);
  const thread = threadOf(click);
  const outcome = await deps.service.prepareAlternative(click.planId, actor, alternative);
  if (outcome.kind === 'planned') await postPlan(deps, outcome.plan, { place: thread, user: click.user, notify: (text) => deps.chat.ephemeral(thread, click.user, text) });
  else await deps.chat.ephemeral(thread, click.user, noticeFor(outcome));
}
