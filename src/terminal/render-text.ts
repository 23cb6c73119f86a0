import { displaySafe } from '../core/views/display-safe.ts';
import type { PlanView, ViewRow } from '../core/views/plan-view.ts';
import type { ReportView } from '../core/views/report-view.ts';

/**
 * User text reaches a terminal here, one line per value: control characters become "?" so a CSV
 * cell cannot move the cursor, recolour the screen or fake a prompt (ANSI escape injection);
 * line breaks and tabs become spaces so a quoted multi-line cell cannot print a fake plan row;
 * bidirectional overrides become "?" so text cannot be shown reversed (Trojan Source).
 */
export function safeText(value: string): string {
  return displaySafe(value.replace(/[\r\n\t]+/g, ' '), '?');
}

const MARK: Record<ViewRow['tone'], string> = { good: '+', neutral: '-', bad: '!' };

function renderRows(rows: readonly ViewRow[], hidden: number): string[] {
  const lines = rows.flatMap((row) => {
    const line = `  ${MARK[row.tone]} ${safeText(row.who)}  ${safeText(row.text)}`;
    return row.hint ? [line, `      ${safeText(row.hint)}`] : [line];
  });
  if (hidden > 0) lines.push(`  … and ${hidden} more (see the CSV)`);
  return lines;
}

export function renderPlanText(view: PlanView): string {
  const lines = [view.title, `  ${view.summary.join(' · ')}`];
  if (view.warning) lines.push(`  WARNING: ${view.warning}`);
  lines.push(...renderRows(view.rows, view.hiddenRows));
  if (view.rejected.length > 0) lines.push('  Not understood:', ...view.rejected.map((line) => `    ${safeText(line)}`));
  return lines.join('\n');
}

export function renderReportText(view: ReportView): string {
  return [`${view.title}: ${view.summary} (${view.seconds} s)`, ...renderRows(view.rows, view.hiddenRows)].join('\n');
}
