import type { Requester } from '../../core/requester.ts';
import type { PrepareOutcome, SettleRefusal } from '../../core/resend-service.ts';
import type { AlternativeAction } from '../../core/resend-policy.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import { planFallbackText, renderPlanBlocks } from '../blocks/plan-blocks.ts';
import { settledBlocks } from '../blocks/settle-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackReplyTarget } from './approval-request.ts';
import { bestEffort } from './best-effort.ts';
import { noticeFor, postPlan, type Notify } from './present-plan.ts';
import { runConfirmedPlan } from './run-confirmed-plan.ts';

/** A button on a plan message. */
export interface PlanClick {
  readonly planId: string;
  readonly user: string;
  /** The plan message, with the blocks Slack sent along with the click. */
  readonly message: Place & { readonly ts: string; readonly blocks: readonly unknown[] };
  /** Tells the person who pressed, and only them. */
  readonly notify: Notify;
}

/** Where the plan's progress, results and follow-up plans go: its own thread. */
function threadOf(click: PlanClick): Place {
  return { channel: click.message.channel, threadTs: click.message.threadTs ?? click.message.ts };
}

/** A plan message that can never be pressed again: buttons off, and a last line saying why. */
function settle(deps: SlackDeps, click: PlanClick, line: string): Promise<boolean> {
  return bestEffort(deps, 'plan settled', () => deps.chat.update(click.message.channel, click.message.ts, line, settledBlocks(click.message.blocks, line)));
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
    await settle(deps, click, ':alarm_clock: This plan expired and nothing was sent. Run the command again for a fresh one.');
  }
  await click.notify(noticeFor(outcome));
}

export async function cancelClick(deps: SlackDeps, click: PlanClick): Promise<void> {
  const actor = await deps.requesterOf(click.user);
  const outcome = await deps.service.cancel(click.planId, actor);
  if (outcome.kind === 'cancelled') {
    const view = describePlan(outcome.plan);
    await deps.chat.update(click.message.channel, click.message.ts, escapeMrkdwn(planFallbackText(view)), renderPlanBlocks(view, { kind: 'cancelled', by: actor.displayName }));
    return;
  }
  // Like Confirm: a plan the store no longer knows can never be pressed again, so its buttons go.
  if (outcome.kind === 'unknown') await settle(deps, click, ':no_entry_sign: This plan is no longer known, so nothing was sent. Run the command again if you still need it.');
  await click.notify(noticeFor(outcome));
}

/**
 * A plan made from a click on a message (an offered alternative, "send anyway", "resend to those
 * still pending"), posted in that message's thread to be confirmed on its own. A plan that could
 * not be shown is withdrawn, so that pressing the button again makes a new one, not "already there".
 */
export async function postFollowOnPlan(deps: SlackDeps, click: PlanClick, prepare: (actor: Requester) => Promise<PrepareOutcome | SettleRefusal>): Promise<void> {
  const actor = await deps.requesterOf(click.user);
  const outcome = await prepare(actor);
  if (outcome.kind !== 'planned') return click.notify(noticeFor(outcome));
  try {
    await postPlan(deps, outcome.plan, { place: threadOf(click), user: click.user, notify: click.notify });
  } catch (error) {
    await deps.service.alternativeNotShown(outcome.plan);
    throw error;
  }
}

/**
 * "Send a password-reset email instead" / "Reactivate deactivated accounts": a second, separate
 * plan in the thread, which must be confirmed on its own. The core checks the role.
 */
export function offerClick(deps: SlackDeps, click: PlanClick, alternative: AlternativeAction): Promise<void> {
  return postFollowOnPlan(deps, click, (actor) => deps.service.prepareAlternative(click.planId, actor, alternative));
}

/**
 * "Send anyway" on a report: the core plans the users the run left in doubt (read again, forced);
 * the plan is posted in the thread and must be confirmed like any other, after a warning.
 */
export function sendAnywayClick(deps: SlackDeps, click: PlanClick): Promise<void> {
  return postFollowOnPlan(deps, click, (actor) => deps.service.prepareSendAnyway(click.planId, actor));
}
