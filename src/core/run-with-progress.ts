import type { RunProgress } from './execute-plan.ts';
import type { Plan } from './plan.ts';
import { createProgressThrottle } from './progress-throttle.ts';
import type { Requester } from './requester.ts';
import type { ResendService } from './resend-service.ts';
import type { RunReport } from './run-report.ts';
import { describeProgress } from './views/report-view.ts';

/** Chat surfaces edit one message in place; faster than every ~2 s gets rate-limited. */
export const PROGRESS_INTERVAL_MS = 2_000;

/**
 * Executes a confirmed plan while a surface shows progress text, throttled, and never after the
 * run ended (the final report replaces the progress message).
 */
export async function runWithProgress(
  service: ResendService,
  plan: Plan,
  confirmedBy: Requester,
  showProgress: (text: string, progress: RunProgress) => Promise<void>,
  intervalMs = PROGRESS_INTERVAL_MS,
): Promise<RunReport> {
  const throttle = createProgressThrottle<RunProgress>(intervalMs, (progress) =>
    showProgress(describeProgress(progress.done, progress.total, progress.counts.sent, progress.counts.failed), progress),
  );
  try {
    return await service.execute(plan, confirmedBy, { onProgress: (progress) => throttle.push(progress) });
  } finally {
    await throttle.stop();
  }
}
