import type { Requester } from '../core/requester.ts';
import type { ResendService } from '../core/resend-service.ts';
import { runWithProgress } from '../core/run-with-progress.ts';
import { describePlan } from '../core/views/plan-view.ts';
import { describeReport } from '../core/views/report-view.ts';
import type { ViewRow } from '../core/views/plan-view.ts';
import { renderPlanText, renderReportText, safeText } from '../terminal/render-text.ts';

/** Where the console's runs "are": follow-ups and delivery checks come back to this chat. */
export const CONSOLE_THREAD = { surface: 'console' } as const;

function rows(list: readonly ViewRow[]): string[] {
  return list.map((row) => `  ${row.tone === 'good' ? '+' : row.tone === 'bad' ? '!' : '-'} ${safeText(row.who)}  ${safeText(row.text)}${row.hint ? `\n      ${safeText(row.hint)}` : ''}`);
}

/**
 * The console's side of the onboarding morning: scheduled sends run and report here, and
 * follow-ups and delivery problems are printed as they come due (`print` writes to the chat).
 * `onPending` remembers the run whose pending users "pending" resends to.
 */
export function registerConsoleOnboarding(service: ResendService, requester: Requester, print: (text: string) => void, onPending: (runId: string) => void, progressIntervalMs?: number): void {
  service.onOnboarding('console', {
    scheduledRun: async ({ job, plan }) => {
      print(`\n[scheduled send by ${safeText(job.requester.displayName)}${job.startDate ? `, start date ${job.startDate}` : ''} — it is time]`);
      print(renderPlanText(describePlan(plan)));
      const report = await runWithProgress(service, plan, requester, { show: async (text) => print(text), intervalMs: progressIntervalMs, replyTo: CONSOLE_THREAD });
      print(renderReportText(describeReport(report)));
    },
    scheduledNothing: async ({ message }) => print(`\n[scheduled send] ${safeText(message)}`),
    followUp: async ({ job, view }) => {
      print(`\n[${safeText(view.title)}]\n  ${view.summary}`);
      for (const line of rows(view.rows)) print(line);
      if (view.pending > 0) {
        onPending(job.runId);
        print(`Type "pending" to plan a resend to the ${view.pending} still pending.`);
      }
    },
    delivery: async (notice) => {
      if (notice.kind === 'not_checked') return print(`\n[delivery] ${safeText(notice.message)}`);
      print(`\n[${safeText(notice.view.title)}]`);
      for (const line of rows(notice.view.rows)) print(line);
    },
  });
}
