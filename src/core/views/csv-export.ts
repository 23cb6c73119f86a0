import type { Plan } from '../plan.ts';
import type { RunReport } from '../run-report.ts';
import { restrictedPlanText, restrictedResultText } from './labels.ts';
import { disclosureOf, sentOrNot, type ReportViewer } from './report-viewer.ts';

/**
 * A CSV cell, quoted when needed. Cells that a spreadsheet would run as a formula (= + - @, tab,
 * CR) get a leading apostrophe: the values come from user input and must not execute in Excel.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Every input row of a run: the users with their outcome, then the rows that were not understood.
 * `viewer` as in describeReport: a `requester` file says only sent / not_sent per row as she typed it.
 */
export function reportToCsv(report: RunReport, viewer: ReportViewer = 'runner'): string {
  return csv(
    ['line', 'input', 'okta_user_id', 'login', 'status_before', 'action', 'outcome', 'reason', 'message', 'okta_request_id'],
    [
      ...report.results.map((r) => {
        switch (disclosureOf(r, viewer)) {
          case 'sent_or_not':
            return [r.identifier.line, r.identifier.raw, null, null, null, null, sentOrNot(r).replace(' ', '_'), null, null, null];
          case 'restricted':
            return [r.identifier.line, r.identifier.raw, null, null, null, null, r.outcome, r.reason === 'awaiting_approval' ? r.reason : null, restrictedResultText(r), null];
          case 'full':
            return [r.identifier.line, r.identifier.raw, r.userId, r.login, r.statusBefore, r.action, r.outcome, r.reason, r.message, r.requestId];
        }
      }),
      ...report.rejected.map((r) => [r.line, r.raw, null, null, null, null, 'rejected', 'not_understood', r.reason, null]),
    ],
  );
}

export function planToCsv(plan: Plan): string {
  return csv(
    ['line', 'input', 'okta_user_id', 'login', 'status', 'plan', 'detail'],
    [
      ...plan.entries.map((e) =>
        e.restricted
          ? [e.identifier.line, e.identifier.raw, null, null, null, e.decision.kind === 'send' ? 'approval' : 'skip', restrictedPlanText(e.decision.kind === 'send')]
          : [
              e.identifier.line,
              e.identifier.raw,
              e.user?.id ?? null,
              e.user?.login ?? null,
              e.user?.status ?? null,
              e.decision.kind === 'send' ? e.decision.action : `skip:${e.decision.reason}`,
              e.decision.kind === 'send' ? e.decision.note : e.decision.message,
            ],
      ),
      ...plan.rejected.map((r) => [r.line, r.raw, null, null, null, 'rejected', r.reason]),
    ],
  );
}
