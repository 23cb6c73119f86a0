import type { ResumedRun } from '../../core/runs/durable-runs.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { placeOf } from './approval-request.ts';
import { tellRequesterOfRun } from './approval-decision.ts';
import { resumeAndReport } from './run-and-report.ts';
import { showPlanDone } from './run-confirmed-plan.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';

/**
 * A Slack run this process took over (its process died or was drained): progress and results go
 * to the same thread, the plan message ends with the counts, and for an approved run the
 * requester hears the outcome as she may read it. Runs in the background, like any run.
 */
export function registerRunResume(deps: SlackDeps): void {
  deps.service.onResumedRun('slack', async (resumed: ResumedRun) => {
    const target = resumed.run.replyTo;
    const thread = placeOf(target);
    if (!thread || !target) {
      // Nowhere to report: still finish the run (it was confirmed), the audit has the outcome.
      await resumed.execute();
      return;
    }
    const report = await resumeAndReport(deps, resumed, thread);
    if (!report) return;
    if (target.planTs) await showPlanDone(deps, resumed.run.plan, thread.channel, target.planTs, report);
    if (target.requesterChannel) {
      const requesterThread = { channel: target.requesterChannel, threadTs: target.requesterThreadTs ?? null };
      await tellRequesterOfRun(deps, requesterThread, escapeMrkdwn(resumed.run.confirmedBy.displayName), report);
    }
  });
}
