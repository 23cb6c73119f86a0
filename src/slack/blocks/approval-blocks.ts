import type { KnownBlock } from '../slack-types.ts';
import type { Requester } from '../../core/requester.ts';
import type { ApprovalView } from '../../core/views/approval-view.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import { actions, context, sections } from './block-kit.ts';
import { rowLine } from './rows.ts';

export const ACTION_APPROVE = 'approval_approve';
export const ACTION_DENY = 'approval_deny';

export type ApprovalState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'approved'; readonly by: string; readonly summary: string | null }
  | { readonly kind: 'denied'; readonly by: string }
  | { readonly kind: 'failed'; readonly by: string; readonly message: string }
  | { readonly kind: 'expired' };

function stateLine(state: Exclude<ApprovalState, { kind: 'pending' }>): string {
  switch (state.kind) {
    case 'approved':
      return state.summary
        ? `:white_check_mark: Approved by ${escapeMrkdwn(state.by)}. ${escapeMrkdwn(state.summary)}.`
        : `:hourglass_flowing_sand: Approved by ${escapeMrkdwn(state.by)} — sending. Progress in the thread.`;
    case 'denied':
      return `:no_entry_sign: Denied by ${escapeMrkdwn(state.by)}. Nothing was sent.`;
    case 'failed':
      return `:warning: Approved by ${escapeMrkdwn(state.by)}, but ${escapeMrkdwn(state.message)}`;
    case 'expired':
      return ':alarm_clock: This approval request expired without a decision. Nothing was sent; the requester can ask again.';
  }
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * The approval's title with the requester as a Slack mention (`<@U…>`): Slack renders whoever that
 * user really is, while a display name is whatever its owner typed (an approver must not be fooled
 * by someone calling themselves "helen (helpdesk)"). The core's title starts with the display
 * name; only that part is swapped, the rest is escaped as usual.
 */
export function approvalHeadline(view: ApprovalView, requester: Pick<Requester, 'userId' | 'displayName'>): string {
  if (!SLACK_USER_ID.test(requester.userId)) return escapeMrkdwn(view.title);
  const rest = view.title.startsWith(requester.displayName) ? view.title.slice(requester.displayName.length) : ` (${view.title})`;
  return `<@${requester.userId}>${escapeMrkdwn(rest)}`;
}

/** What approvers see in the approval channel: who asks, for whom, and Approve / Deny. */
export function renderApprovalBlocks(view: ApprovalView, state: ApprovalState, requester: Pick<Requester, 'userId' | 'displayName'>): KnownBlock[] {
  const blocks: KnownBlock[] = [
    // verbatim stops Slack guessing at plain text; the explicit <@U…> mention is still rendered.
    { type: 'section', text: { type: 'mrkdwn', text: `:raising_hand: *${approvalHeadline(view, requester)}*`, verbatim: true } },
    ...sections(view.rows.map(rowLine)),
  ];
  if (state.kind === 'pending') {
    blocks.push(actions('approval_actions', [
      { actionId: ACTION_APPROVE, text: 'Approve and send', value: view.approvalId, style: 'primary' },
      { actionId: ACTION_DENY, text: 'Deny', value: view.approvalId, style: 'danger' },
    ]));
    blocks.push(context(`Approvers only. Expires <!date^${Math.floor(view.expiresAt / 1000)}^{date_short_pretty} at {time}|${new Date(view.expiresAt).toISOString()}>.`));
  } else {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: stateLine(state), verbatim: true } });
  }
  return blocks.slice(0, 50);
}
