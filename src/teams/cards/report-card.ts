import type { RunReport } from '../../core/run-report.ts';
import { describeResult, sortResults, type ReportView } from '../../core/views/report-view.ts';
import type { ReportViewer } from '../../core/views/report-viewer.ts';
import { escapeMarkdown } from '../escape-markdown.ts';
import { card, rowElement, shorten, submitAction, text, type CardAttachment } from './card-kit.ts';

/**
 * The results card. `sendAnyway`: users this run left in doubt; a button asks the core for a plan
 * of just them (forced, with a warning), which is confirmed like any other.
 */
export function renderReportCard(view: ReportView, sendAnyway: { readonly runId: string; readonly count: number } | null = null): CardAttachment {
  const actions = sendAnyway ? [submitAction(`Send anyway to ${sendAnyway.count} in doubt…`, { action: 'send_anyway', runId: sendAnyway.runId })] : [];
  return card([
    text(view.title, { weight: 'Bolder', size: 'Medium' }),
    text(`${view.summary} · ${view.seconds} s`, { isSubtle: true, spacing: 'None' }),
    ...view.rows.map(rowElement),
    ...(view.hiddenRows > 0 ? [text(`…and ${view.hiddenRows} more: the full list follows.`, { isSubtle: true })] : []),
  ], actions);
}

/**
 * Teams refuses a message over about 28 KB (the whole activity). Chunks are measured in UTF-8
 * bytes of the escaped text, so escapes and non-ASCII names cannot push one over; 20,000 leaves
 * room for the rest of the activity (conversation, ids, service URL).
 */
const CHUNK_BYTES = 20_000;
/** One result line: a raw identifier or an Okta message is never this long in real life. */
const LINE_CHARS = 600;
/** A bulk run of thousands is read in the audit log or the CLI's CSV, not in forty chat messages. */
const MAX_CHUNKS = 8;

/**
 * Bulk runs (more rows than the card shows): every result as text messages, failures first.
 * Bots cannot attach a file in a channel without Graph permissions (and need a file-consent card
 * in personal chat), so the list is sent as Markdown-escaped text, one line per user. Each line
 * says what the card's row would (describeResult): restricted rows and a `requester` viewer
 * learn nothing Okta holds here either.
 */
export function renderFullResults(report: RunReport, viewer: ReportViewer = 'runner'): string[] {
  const lines = sortResults(report.results, viewer).map((result) => {
    const row = describeResult(result, viewer);
    return escapeMarkdown(shorten(`line ${result.identifier.line}: ${row.who} — ${row.text}${row.hint ? ` ${row.hint}` : ''}`, LINE_CHARS));
  });
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const [index, line] of lines.entries()) {
    const bytes = Buffer.byteLength(line, 'utf8');
    if (size + bytes > CHUNK_BYTES && current.length > 0) {
      chunks.push(current.join('\n\n'));
      current = [];
      size = 0;
      if (chunks.length === MAX_CHUNKS) {
        chunks.push(escapeMarkdown(`…and ${lines.length - index} more results not listed here (the audit log has every call).`));
        return chunks;
      }
    }
    current.push(line);
    size += bytes + 2;
  }
  if (current.length > 0) chunks.push(current.join('\n\n'));
  return chunks;
}
