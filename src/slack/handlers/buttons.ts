import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AlternativeAction } from '../../core/resend-policy.ts';
import { ACTION_APPROVE, ACTION_DENY } from '../blocks/approval-blocks.ts';
import { ACTION_CANCEL, ACTION_CONFIRM, ACTION_OFFER_PREFIX } from '../blocks/plan-blocks.ts';
import { decideApprovalClick } from '../flows/approval-decision.ts';
import { notifyClicker, type Respond } from '../flows/notify-clicker.ts';
import { cancelClick, confirmClick, offerClick, sendAnywayClick, type PlanClick } from '../flows/plan-clicks.ts';
import { ACTION_SEND_ANYWAY } from '../blocks/report-blocks.ts';
import { failureText, type SlackDeps } from '../slack-deps.ts';
import { correlated } from '../../core/correlation.ts';

const ALTERNATIVES: readonly AlternativeAction[] = ['reset_password', 'activate_deprovisioned'];

/** The click as the flows need it; null for a click that is not on a message we can edit. */
function clickOf(deps: SlackDeps, body: BlockAction, action: ButtonAction, respond: Respond | undefined): PlanClick | null {
  const channel = body.channel?.id ?? body.container.channel_id;
  const message = body.message as { ts?: string; thread_ts?: string; blocks?: unknown[] } | undefined;
  if (!channel || !message?.ts || !action.value) return null;
  const threadTs = message.thread_ts ?? null;
  return {
    planId: action.value,
    user: body.user.id,
    message: { channel, ts: message.ts, threadTs, blocks: message.blocks ?? [] },
    // Answers go through the click's response_url; the fallback stays out of the plan's own thread
    // unless the plan is itself a reply (see notifyClicker).
    notify: notifyClicker(deps, respond, { channel, threadTs }, body.user.id),
  };
}

/**
 * Plan and approval buttons. Each is acked at once; the work runs after. Who may press what is the
 * core's decision, never this file's.
 */
export function registerButtons(app: App, deps: SlackDeps): void {
  const on = (actionId: string | RegExp, label: string, handle: (click: PlanClick, actionId: string) => Promise<void>) => {
    app.action<BlockAction<ButtonAction>>(actionId, correlated('slack', async ({ ack, body, action, respond }) => {
      await ack();
      // Bolt sets respond only when the payload has a response_url (its type says it is always there).
      const click = clickOf(deps, body, action, respond as Respond | undefined);
      if (!click) return;
      deps.jobs.run(label, () => handle(click, action.action_id), (error) => click.notify(failureText(error)));
    }));
  };
  on(ACTION_CONFIRM, 'confirm', (click) => confirmClick(deps, click));
  on(ACTION_CANCEL, 'cancel', (click) => cancelClick(deps, click));
  on(ACTION_SEND_ANYWAY, 'send anyway', (click) => sendAnywayClick(deps, click));
  on(new RegExp(`^${ACTION_OFFER_PREFIX}`), 'offer', async (click, actionId) => {
    const alternative = ALTERNATIVES.find((candidate) => actionId === `${ACTION_OFFER_PREFIX}${candidate}`);
    if (alternative) await offerClick(deps, click, alternative);
  });
  for (const [actionId, approve] of [[ACTION_APPROVE, true], [ACTION_DENY, false]] as const) {
    on(actionId, approve ? 'approve' : 'deny', (click) => decideApprovalClick(deps, { approvalId: click.planId, approve, user: click.user, message: click.message, notify: click.notify }));
  }
}
