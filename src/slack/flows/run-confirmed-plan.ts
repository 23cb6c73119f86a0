import type { Approval } from '../../core/approvals.ts';
import type { Plan } from '../../core/plan.ts';
import type { Requester } from '../../core/requester.ts';
import type { RunReport } from '../../core/run-report.ts';
import { plural } from '../../core/views/labels.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import { planFallbackText, renderPlanBlocks, type PlanState } from '../blocks/plan-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { postApprovalRequest } from './approval-request.ts';
import { bestEffort } from './best-effort.ts';
import { runAndReport } from './run-and-report.ts';

export interface ConfirmedPlan {
  readonly plan: Plan;
  readonly approval: Approval | null;
  readonly actor: Requester;
  /** The plan message, and the thread its replies go to. */
  readonly planTs: string;
  readonly thread: Place;
}

/**
 * After Confirm: the plan message loses its buttons ("Confirmed by … — running"), the users who
 * need an approver are handed to the approval channel, the rest are sent with progress and
 * results in the thread, and the plan message ends in its final state.
 */
export async function runConfirmedPlan(deps: SlackDeps, confirmed: ConfirmedPlan): Promise<void> {
  const { plan, approval, actor, planTs, thread } = confirmed;
  const view = describePlan(plan);
  const show = (state: PlanState) => deps.chat.update(thread.channel, planTs, escapeMrkdwn(planFallbackText(view)), renderPlanBlocks(view, state));
  // The plan is confirmed in the core now: whatever Slack does, the run must still happen.
  await bestEffort(deps, 'plan running', () => show({ kind: 'running', by: actor.displayName }));
  const asked = approval ? (await postApprovalRequest(deps, approval, thread)).posted : false;
  if (plan.counts.send === 0) {
    // The plan message is what people look at later: it must not say "waiting" when nobody was asked.
    const summary = asked ? `${plural(plan.counts.approval, 'user')} waiting for an approver` : 'nothing was sent: no approver could be asked';
    await bestEffort(deps, 'plan done', () => show({ kind: 'done', summary, failed: !asked }));
    return;
  }
  let report;
  try {
    report = await runAndReport(deps, plan, actor, thread, { planTs });
  } catch (error) {
    await bestEffort(deps, 'plan failed', () => show({ kind: 'failed', message: 'The run stopped with an error: some emails may have gone out. Check the thread and Okta before running it again.' }));
    throw error;
  }
  // Handed over on shutdown: the plan message stays "running"; the process that finishes the run ends it.
  if (report) await showPlanDone(deps, plan, thread.channel, planTs, report);
}

/** The plan message's last state, with the counts (also used when another process finished the run). */
export async function showPlanDone(deps: SlackDeps, plan: Plan, channel: string, planTs: string, report: RunReport): Promise<void> {
  const view = describePlan(plan);
  const { sent, skipped, failed } = report.counts;
  await bestEffort(deps, 'plan done', () =>
    deps.chat.update(channel, planTs, escapeMrkdwn(planFallbackText(view)), renderPlanBlocks(view, { kind: 'done', summary: `${sent} sent · ${skipped} skipped · ${failed} failed`, failed: failed > 0 })),
  );
}
