import type { KnownBlock } from '../slack-types.ts';
import type { ReportView } from '../../core/views/report-view.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import { context, header, sections } from './block-kit.ts';
import { rowLine } from './rows.ts';

/** The results in the thread: failures first (the core sorts), each with its reason and hint. */
export function renderReportBlocks(view: ReportView, csvAttached: boolean): KnownBlock[] {
  const blocks: KnownBlock[] = [header(view.title), context(`${escapeMrkdwn(view.summary)} · ${view.seconds} s`)];
  blocks.push(...sections(view.rows.map(rowLine)));
  if (view.hiddenRows > 0) {
    blocks.push(context(csvAttached ? `…and ${view.hiddenRows} more: every user is in the results CSV below.` : `…and ${view.hiddenRows} more.`));
  }
  return blocks.slice(0, 50);
}
