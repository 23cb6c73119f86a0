import type { DeliveryNotice, FollowUpNotice, ScheduledNothing, ScheduledStart } from '../../core/schedule/onboarding.ts';
import { describeSchedule } from '../../core/views/onboarding-views.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import { renderDeliveryBlocks, renderFollowUpBlocks } from '../blocks/onboarding-blocks.ts';
import { planFallbackText, renderPlanBlocks } from '../blocks/plan-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { placeOf } from './approval-request.ts';
import { bestEffort } from './best-effort.ts';
import { runConfirmedPlan } from './run-confirmed-plan.ts';

/**
 * Timed work reported where its request was made: a scheduled send runs in the original plan's
 * thread exactly like a confirmed plan (approval requests, progress, results, resumed in place
 * after a crash through the plan message's ts), follow-ups and delivery failures are posted there.
 * The core decides what is due and what it says; this file only renders and posts.
 */
export function registerOnboardingReports(deps: SlackDeps): void {
  deps.service.onOnboarding('slack', {
    scheduledRun: async (start) => {
      // In the background, like any run: the timed-work loop goes on to the next due job.
      deps.jobs.run('scheduled run', () => scheduledRun(deps, start));
    },
    scheduledNothing: (notice) => scheduledNothing(deps, notice),
    followUp: (notice) => followUp(deps, notice),
    delivery: (notice) => delivery(deps, notice),
  });
}

async function scheduledRun(deps: SlackDeps, start: ScheduledStart): Promise<void> {
  const { job, plan, approval } = start;
  const thread = placeOf(job.replyTo);
  const requester = job.requester;
  // No thread (a workflow's schedule): the run still happens, and the audit trail has it.
  if (!thread) return runWithoutThread(deps, start, null);
  const view = describePlan(plan);
  // Said apart from the plan message: runConfirmedPlan redraws that one as it goes.
  await bestEffort(deps, 'scheduled intro', () => deps.chat.post(thread, `:alarm_clock: Scheduled send by ${escapeMrkdwn(requester.displayName)} for ${escapeMrkdwn(describeSchedule(job).when)}: everyone was looked up in Okta again just now.`));
  let planTs: string;
  try {
    planTs = await deps.chat.post(thread, escapeMrkdwn(planFallbackText(view)), renderPlanBlocks(view, { kind: 'running', by: requester.displayName }));
  } catch (error) {
    // The schedule confirmed it: it runs whether or not Slack shows the plan.
    deps.logger.warn({ err: error }, 'slack scheduled plan could not be posted; running it without a thread');
    return runWithoutThread(deps, start, job.replyTo);
  }
  await runConfirmedPlan(deps, { plan, approval, actor: requester, planTs, thread });
}

/** Nobody can be asked where nothing was posted: those users are reported as not sent, the rest run. */
async function runWithoutThread(deps: SlackDeps, { job, plan, approval }: ScheduledStart, replyTo: ScheduledStart['job']['replyTo']): Promise<void> {
  if (approval) await bestEffort(deps, 'approval not posted', () => deps.service.approvalNotPosted(approval, 'a scheduled send with no Slack thread to report in'));
  await deps.service.execute(plan, job.requester, { replyTo });
}

async function scheduledNothing(deps: SlackDeps, { job, message }: ScheduledNothing): Promise<void> {
  const thread = placeOf(job.replyTo);
  if (!thread) return;
  const when = escapeMrkdwn(describeSchedule(job).when);
  await deps.chat.post(thread, `:information_source: Scheduled send by ${escapeMrkdwn(job.requester.displayName)} for ${when}: nothing was sent. ${escapeMrkdwn(message)}`);
}

async function followUp(deps: SlackDeps, { job, view }: FollowUpNotice): Promise<void> {
  const thread = placeOf(job.replyTo);
  if (!thread) return;
  await deps.chat.post(thread, `${escapeMrkdwn(view.title)}: ${escapeMrkdwn(view.summary)}`, renderFollowUpBlocks(view, job.runId));
}

async function delivery(deps: SlackDeps, notice: DeliveryNotice): Promise<void> {
  const thread = placeOf(notice.job.replyTo);
  if (!thread) return;
  if (notice.kind === 'not_checked') {
    await deps.chat.post(thread, `:information_source: ${escapeMrkdwn(notice.message)}`);
    return;
  }
  await deps.chat.post(thread, `:warning: ${escapeMrkdwn(notice.view.title)}`, renderDeliveryBlocks(notice.view, notice.canClearBounces ? notice.job.runId : null));
}
