import type { KnownBlock } from '../slack-types.ts';
import type { ReportView } from '../../core/views/report-view.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import { actions, context, header, sections } from './block-kit.ts';
import { rowLine } from './rows.ts';

/** "Send anyway" on a report: a plan of the users left in doubt, made by the core on click. */
export const ACTION_SEND_ANYWAY = 'send_anyway';

/** Users of this run left in doubt, offered a "send anyway" plan (never sent again by themselves). */
export interface SendAnywayOffer {
  readonly runId: string;
  readonly count: number;
}

/** The results in the thread: failures first (the core sorts), each with its reason and hint. */
export function renderReportBlocks(view: ReportView, csvAttached: boolean, sendAnyway: SendAnywayOffer | null = null): KnownBlock[] {
  const blocks: KnownBlock[] = [header(view.title), context(`${escapeMrkdwn(view.summary)} · ${view.seconds} s`)];
  blocks.push(...sections(view.rows.map(rowLine)));
  if (view.hiddenRows > 0) {
    blocks.push(context(csvAttached ? `…and ${view.hiddenRows} more: every user is in the results CSV below.` : `…and ${view.hiddenRows} more.`));
  }
  const capped = blocks.slice(0, sendAnyway ? 49 : 50);
  if (sendAnyway) {
    const label = `Send anyway to ${sendAnyway.count} in doubt…`;
    capped.push(actions('report', [{ actionId: ACTION_SEND_ANYWAY, text: label, value: sendAnyway.runId }]));
  }
  return capped;
}
