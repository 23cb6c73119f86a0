import type { ReplyTarget } from '../core/approvals.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { ScheduledStart } from '../core/schedule/onboarding.ts';
import { describeSchedule } from '../core/views/onboarding-views.ts';
import { describePlan } from '../core/views/plan-view.ts';
import type { Logger } from '../logging/logger.ts';
import type { ApprovalDesk } from './approval-desk.ts';
import { failureMessage } from './background.ts';
import { bestEffort } from './best-effort.ts';
import { renderDeliveryCard, renderFollowUpCard } from './cards/onboarding-cards.ts';
import { renderPlanCard } from './cards/plan-card.ts';
import { referenceTo } from './conversation-reference.ts';
import { runConfirmedPlan } from './flows/run-plan.ts';
import type { Proactive } from './proactive.ts';
import type { TeamsTurn } from './teams-turn.ts';
import { threadOf, type Thread } from './thread.ts';

export interface OnboardingReportDeps {
  readonly service: ResendService;
  readonly proactive: Proactive;
  readonly approvals: ApprovalDesk;
  readonly logger: Logger;
  readonly progressIntervalMs?: number | undefined;
}

/**
 * Timed work of Teams requests, reported where it was asked for: the core keeps each job's reply
 * target (the conversation, and the message to reply to), and each notice is posted in a proactive
 * turn built from it, as resume-run.ts does for runs taken over.
 */
export function registerOnboardingReports(deps: OnboardingReportDeps): void {
  // Without a Teams conversation to post into, a notice is dropped (the audit has the job).
  const inConversation = async (target: ReplyTarget | null, post: (thread: Thread) => Promise<void>): Promise<void> => {
    const reference = referenceTo(target);
    if (reference && target) await deps.proactive(reference, (turn: TeamsTurn) => post(threadOf(turn, target.replyToId ?? null)));
  };
  deps.service.onOnboarding('teams', {
    scheduledRun: (start) => scheduledRun(deps, start),
    scheduledNothing: async ({ job, message }) => {
      const when = describeSchedule(job).when;
      await inConversation(job.replyTo, (thread) => thread.say([`The send ${job.requester.displayName} scheduled for ${when} sent nothing.`, message]).then(() => undefined));
    },
    followUp: async ({ job, view }) => {
      await inConversation(job.replyTo, (thread) => thread.sendCard(renderFollowUpCard(view, job.runId)).then(() => undefined));
    },
    delivery: async (notice) => {
      await inConversation(notice.job.replyTo, async (thread) => {
        if (notice.kind === 'not_checked') await thread.say(notice.message);
        else await thread.sendCard(renderDeliveryCard(notice.view, notice.canClearBounces ? notice.job.runId : null));
      });
    },
  });
}

/**
 * A scheduled send at its time, confirmed by the schedule: the fresh plan (everyone looked up
 * again) is posted in the conversation it was scheduled from and run like a confirmed plan, so
 * approvals, progress, the report and a takeover after a crash work as for a click on Confirm.
 * The run must happen even where nothing can be posted: then it runs without a conversation.
 */
async function scheduledRun(deps: OnboardingReportDeps, { job, plan, approval }: ScheduledStart): Promise<void> {
  const { service, logger } = deps;
  const target = job.replyTo;
  const reference = referenceTo(target);
  let started = false;
  const runHere = async (turn: TeamsTurn): Promise<void> => {
    const thread = threadOf(turn, target?.replyToId ?? null);
    const { when } = describeSchedule(job);
    await bestEffort(logger, 'scheduled send notice', () => thread.say(`It is time for the send ${job.requester.displayName} scheduled for ${when}: everyone was looked up in Okta again.`));
    let cardId: string | null = null;
    await bestEffort(logger, 'scheduled plan card', async () => {
      cardId = await thread.sendCard(renderPlanCard(describePlan(plan), { kind: 'running', by: `${job.requester.displayName} (scheduled)` }));
    });
    started = true;
    try {
      await runConfirmedPlan({ service, thread, plan, approval, approvals: deps.approvals, actor: job.requester, logger, cardId, progressIntervalMs: deps.progressIntervalMs });
    } catch (error) {
      await bestEffort(logger, 'scheduled run failed', () => thread.say(failureMessage(error)));
      throw error;
    }
  };
  if (reference) {
    try {
      await deps.proactive(reference, runHere);
      return;
    } catch (error) {
      // The run started and failed: reported in the conversation already, and audited by the core.
      if (started) throw error;
      logger.warn({ err: error, scheduleId: job.id }, 'teams: could not reach the conversation of a scheduled send; running it without a report there');
    }
  }
  // Nobody was asked: those users are reported as not sent, and the approval can never be granted.
  if (approval) await service.approvalNotPosted(approval, 'the conversation of the scheduled send could not be reached');
  await service.execute(plan, job.requester, { replyTo: target });
}
