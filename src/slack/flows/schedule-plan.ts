import type { ScheduleRequest } from '../../core/resend-service.ts';
import type { ScheduleLine } from '../../core/views/onboarding-views.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import { planFallbackText, renderPlanBlocks } from '../blocks/plan-blocks.ts';
import type { ScheduleModalContext } from '../blocks/schedule-modal.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackReplyTarget } from './approval-request.ts';
import { bestEffort } from './best-effort.ts';
import { noticeFor, type Notify } from './present-plan.ts';

/** One scheduled send as a line under the plan or in a listing: every piece escaped. */
export function scheduleLine(line: ScheduleLine): string {
  return `• *${escapeMrkdwn(line.when)}* — ${line.count === 1 ? '1 person' : `${line.count} people`}: ${escapeMrkdwn(line.who)}`;
}

/**
 * The schedule modal's submission: the core schedules (only the requester, before the plan
 * expires, a time still to come) and the plan message ends as "Scheduled by …" with what was
 * scheduled and what was not; a refusal is told to the person only.
 */
export async function schedulePlan(deps: SlackDeps, ctx: ScheduleModalContext, user: string, when: ScheduleRequest, notify: Notify): Promise<void> {
  const actor = await deps.requesterOf(user);
  // The run reports in the plan's thread, like a confirmed plan's.
  const thread = { channel: ctx.channel, threadTs: ctx.threadTs ?? ctx.ts };
  const outcome = await deps.service.schedule(ctx.planId, actor, when, slackReplyTarget(thread));
  if (outcome.kind !== 'scheduled') {
    await notify(noticeFor(outcome));
    return;
  }
  const view = describePlan(outcome.plan);
  const lines = [...outcome.schedules.map(scheduleLine), ...outcome.notScheduled.map((line) => `• Not scheduled: ${escapeMrkdwn(line)}`)];
  const updated = await bestEffort(deps, 'plan scheduled', () =>
    deps.chat.update(ctx.channel, ctx.ts, escapeMrkdwn(planFallbackText(view)), renderPlanBlocks(view, { kind: 'scheduled', by: actor.displayName, lines })),
  );
  // The plan message is where people look; if it could not change, the person still hears it.
  if (!updated) await notify([':alarm_clock: Scheduled. `/resend-activation scheduled` lists it.', ...lines].join('\n'));
}
