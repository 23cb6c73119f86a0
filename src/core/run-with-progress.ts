import type { ReplyTarget } from './approvals.ts';
import type { RunProgress } from './execute-plan.ts';
import type { Plan } from './plan.ts';
import { createProgressThrottle } from './progress-throttle.ts';
import type { Requester } from './requester.ts';
import type { ResendService } from './resend-service.ts';
import type { RunReport } from './run-report.ts';
import type { DriveHooks, ResumedRun } from './runs/durable-runs.ts';
import { describeProgress } from './views/report-view.ts';

/** Chat surfaces edit one message in place; faster than every ~2 s gets rate-limited. */
export const PROGRESS_INTERVAL_MS = 2_000;

export interface ProgressDisplay {
  /** Shows live progress text (throttled: at most one call per interval, one at a time). */
  readonly show: (text: string, progress: RunProgress) => Promise<void>;
  /** The last edit of the progress message, once the run ended: it waits for its slot too. */
  readonly finish?: (report: RunReport) => Promise<void>;
  readonly intervalMs?: number | undefined;
  /** Send even inside the suppression window (the command line's --force). */
  readonly force?: boolean;
  /** The surface's thread for this run: a process that takes the run over reports there. */
  readonly replyTo?: ReplyTarget | null;
}

/**
 * Executes a confirmed plan while a surface shows progress text, throttled, and never after the
 * run ended (the final edit replaces the progress text, keeping the same pace).
 */
export function runWithProgress(service: ResendService, plan: Plan, confirmedBy: Requester, display: ProgressDisplay): Promise<RunReport> {
  return withProgress(display, (hooks) =>
    service.execute(plan, confirmedBy, { ...hooks, ...(display.force ? { force: true } : {}), ...(display.replyTo ? { replyTo: display.replyTo } : {}) }),
  );
}

/** The same for a run this process took over: progress counts the users settled before too. */
export function resumeWithProgress(resumed: ResumedRun, display: ProgressDisplay): Promise<RunReport> {
  return withProgress(display, (hooks) => resumed.execute(hooks));
}

/** A RunHandedOverError passes through: the surface says the run continues elsewhere. */
async function withProgress(display: ProgressDisplay, run: (hooks: DriveHooks) => Promise<RunReport>): Promise<RunReport> {
  const throttle = createProgressThrottle<RunProgress>(display.intervalMs ?? PROGRESS_INTERVAL_MS, (progress) =>
    display.show(describeProgress(progress.done, progress.total, progress.counts.sent, progress.counts.failed), progress),
  );
  let report: RunReport;
  try {
    report = await run({
      onProgress: (progress) => throttle.push(progress),
      onWaiting: (why) => void display.show(why, { done: 0, total: 0, counts: { sent: 0, skipped: 0, failed: 0, inDoubt: 0 } }).catch(() => undefined),
    });
  } finally {
    await throttle.stop();
  }
  if (display.finish) {
    await throttle.nextSlot();
    await display.finish(report);
  }
  return report;
}
