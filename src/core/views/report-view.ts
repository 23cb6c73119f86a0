import type { EntryResult, RunReport } from '../run-report.ts';
import { clip, plural, restrictedResultText, statusLabel } from './labels.ts';
import { ROWS_SHOWN, type ViewRow } from './plan-view.ts';
import { disclosureOf, sentOrNot, type ReportViewer } from './report-viewer.ts';

export interface ReportView {
  readonly title: string;
  readonly summary: string;
  /** Failures first, then skips, then sends: what needs attention leads. */
  readonly rows: readonly ViewRow[];
  readonly hiddenRows: number;
  readonly seconds: number;
}

const ORDER = { failed: 0, skipped: 1, sent: 2 } as const;
const REQUESTER_ORDER = { 'not sent': 0, 'not confirmed': 1, sent: 2 } as const;

/**
 * Rows in the order a viewer reads them. A `requester` sees not sent before sent, in the order
 * she named them: failed-before-skipped would tell her which of them Okta refused.
 */
export function sortResults(results: readonly EntryResult[], viewer: ReportViewer): EntryResult[] {
  const rank = viewer === 'requester' ? (r: EntryResult) => REQUESTER_ORDER[sentOrNot(r)] : (r: EntryResult) => ORDER[r.outcome];
  return [...results].sort((a, b) => rank(a) - rank(b));
}

/** One result as `viewer` may read it (`who` clipped for a chat message). */
export function describeResult(result: EntryResult, viewer: ReportViewer = 'runner'): ViewRow {
  const tone = result.outcome === 'sent' ? 'good' : result.outcome === 'failed' ? 'bad' : 'neutral';
  switch (disclosureOf(result, viewer)) {
    case 'sent_or_not':
      // Neutral, not "bad", for a failure: the colour would say what the words do not.
      return { who: clip(result.identifier.raw), tone: result.outcome === 'sent' ? 'good' : 'neutral', text: sentOrNot(result), hint: null };
    case 'restricted':
      // Nothing Okta holds: a manager's run reports her own reports in full, the rest like the plan did.
      return { who: clip(result.identifier.raw), tone, text: `${result.outcome}: ${restrictedResultText(result)}`, hint: null };
    case 'full':
      return {
        who: result.login && result.login.toLowerCase() !== result.identifier.value.toLowerCase() ? `${clip(result.identifier.raw)} (${result.login})` : clip(result.identifier.raw),
        tone,
        text: `${result.outcome}${result.statusBefore ? ` (was ${statusLabel(result.statusBefore)})` : ''}: ${result.message}`,
        hint: result.hint,
      };
  }
}

/** The report as `viewer` may read it (see ReportViewer): the runner by default. */
export function describeReport(report: RunReport, viewer: ReportViewer = 'runner'): ReportView {
  const { sent, skipped, failed, inDoubt } = report.counts;
  const rows = sortResults(report.results, viewer).slice(0, ROWS_SHOWN).map((result) => describeResult(result, viewer));
  const forRequester = viewer === 'requester';
  return {
    // "with failures" and skipped-vs-failed counts are reasons too: a requester hears sent or not.
    title: failed > 0 && !forRequester ? 'Done, with failures' : 'Done',
    summary: forRequester ? requesterSummary(sent, skipped + failed - inDoubt, inDoubt) : `${sent} sent · ${skipped} skipped · ${failed} failed`,
    rows,
    hiddenRows: Math.max(0, report.results.length - ROWS_SHOWN),
    seconds: Math.round((report.finishedAt - report.startedAt) / 100) / 10,
  };
}

function requesterSummary(sent: number, notSent: number, notConfirmed: number): string {
  return `${sent} sent · ${notSent} not sent${notConfirmed > 0 ? ` · ${notConfirmed} not confirmed` : ''}`;
}

export function describeProgress(done: number, total: number, sent: number, failed: number): string {
  return `Working… ${done} of ${plural(total, 'user')} done (${sent} sent, ${failed} failed)`;
}
