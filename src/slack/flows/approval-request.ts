import type { Approval, ReplyTarget } from '../../core/approvals.ts';
import { plural } from '../../core/views/labels.ts';
import { describeApproval } from '../../core/views/approval-view.ts';
import { renderApprovalBlocks } from '../blocks/approval-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { bestEffort } from './best-effort.ts';

/** The requester's thread as the core keeps it with an approval (opaque to the core). */
export function slackReplyTarget(place: Place): ReplyTarget {
  return { surface: 'slack', channel: place.channel, ...(place.threadTs ? { threadTs: place.threadTs } : {}) };
}

export function placeOf(target: ReplyTarget | null): Place | null {
  if (target?.surface !== 'slack' || !target.channel) return null;
  return { channel: target.channel, threadTs: target.threadTs ?? null };
}

/**
 * Users a manager asked for who are not their direct reports: the request goes to the approval
 * channel with Approve / Deny, and the requester is told where it went. Without an approval
 * channel nobody could approve, so the requester is told that plainly and nothing is sent.
 */
export async function postApprovalRequest(deps: SlackDeps, approval: Approval, requesterThread: Place): Promise<void> {
  const users = plural(approval.entries.length, 'user');
  if (!deps.approvalChannel) {
    await bestEffort(deps, 'approval notice', () => deps.chat.post(requesterThread, `:warning: ${users} in your request are not your direct reports and need an approver, but no approval channel is set up, so nothing was sent to them. Ask your helpdesk.`));
    return;
  }
  const view = describeApproval(approval);
  const channel = deps.approvalChannel;
  const posted = await bestEffort(deps, 'approval request', () => deps.chat.post({ channel, threadTs: null }, escapeMrkdwn(view.title), renderApprovalBlocks(view, { kind: 'pending' })));
  const told = posted
    ? `:raising_hand: ${users} in your request are not your direct reports: I asked the approvers in <#${channel}>. You will hear back in this thread.`
    : `:warning: ${users} in your request are not your direct reports and need an approver, but I could not post in the approval channel <#${channel}> (am I in it?), so nothing was sent to them. Ask your helpdesk.`;
  await bestEffort(deps, 'approval notice', () => deps.chat.post(requesterThread, told));
}
