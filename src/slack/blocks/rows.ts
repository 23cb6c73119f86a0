import type { ViewRow } from '../../core/views/plan-view.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';

const TONE_MARK: Record<ViewRow['tone'], string> = { good: ':white_check_mark:', neutral: ':heavy_minus_sign:', bad: ':x:' };

/** One line per user; every piece escaped, because `who` is what the requester typed. */
export function rowLine(row: ViewRow): string {
  const hint = row.hint ? `\n      _${escapeMrkdwn(row.hint)}_` : '';
  return `${TONE_MARK[row.tone]} *${escapeMrkdwn(row.who)}* — ${escapeMrkdwn(row.text)}${hint}`;
}
