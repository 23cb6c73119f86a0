import type { RunReport } from '../run-report.ts';
import { clip, plural, restrictedResultText, statusLabel } from './labels.ts';
import { ROWS_SHOWN, type ViewRow } from './plan-view.ts';

export interface ReportView {
  readonly title: string;
  readonly summary: string;
  /** Failures first, then skips, then sends: what needs attention leads. */
  readonly rows: readonly ViewRow[];
  readonly hiddenRows: number;
  readonly seconds: number;
}

const ORDER = { failed: 0, skipped: 1, sent: 2 } as const;

export function describeReport(report: RunReport): ReportView {
  const { sent, skipped, failed } = report.counts;
  const sorted = [...report.results].sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome]);
  const rows = sorted.slice(0, ROWS_SHOWN).map((result): ViewRow => {
    const tone = result.outcome === 'sent' ? 'good' : result.outcome === 'failed' ? 'bad' : 'neutral';
    if (result.restricted) {
      // Nothing Okta holds: a manager's run reports her own reports in full, the rest like the plan did.
      return { who: clip(result.identifier.raw), tone, text: `${result.outcome}: ${restrictedResultText(result)}`, hint: null };
    }
    return {
      who: result.login && result.login.toLowerCase() !== result.identifier.value.toLowerCase() ? `${clip(result.identifier.raw)} (${result.login})` : clip(result.identifier.raw),
      tone,
      text: `${result.outcome}${result.statusBefore ? ` (was ${statusLabel(result.statusBefore)})` : ''}: ${result.message}`,
      hint: result.hint,
    };
  });
  return {
    title: failed > 0 ? 'Done, with failures' : 'Done',
    summary: `${sent} sent · ${skipped} skipped · ${failed} failed`,
    rows,
    hiddenRows: Math.max(0, report.results.length - ROWS_SHOWN),
    seconds: Math.round((report.finishedAt - report.startedAt) / 100) / 10,
  };
}

export function describeProgress(done: number, total: number, sent: number, failed: number): string {
  return `Working… ${done} of ${plural(total, 'user')} done (${sent} sent, ${failed} failed)`;
}
