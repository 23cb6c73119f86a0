import type { Approval, ReplyTarget } from '../../core/approvals.ts';
import { plural } from '../../core/views/labels.ts';
import { describeApproval } from '../../core/views/approval-view.ts';
import { approvalHeadline, renderApprovalBlocks } from '../blocks/approval-blocks.ts';
import { slackErrorCode, type Place } from '../slack-chat.ts';
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

/** The approval message, as `service.approvalPosted` keeps it: the expiry sweep closes it there. */
export function approvalMessageOf(approval: Approval): { channel: string; ts: string } | null {
  const at = approval.postedAt;
  return at?.surface === 'slack' && at.channel && at.ts ? { channel: at.channel, ts: at.ts } : null;
}

/**
 * Users a manager asked for who are not their direct reports: the request goes to the approval
 * channel with Approve / Deny, the core learns where it is (or that it could not be posted, so it
 * can never be approved), and the requester is told where it went. Without an approval channel
 * nobody could approve, so the requester is told that plainly and nothing is sent. Says whether
 * the approvers were asked, for the plan message's final state.
 */
export async function postApprovalRequest(deps: SlackDeps, approval: Approval, requesterThread: Place): Promise<{ posted: boolean }> {
  const users = plural(approval.entries.length, 'user');
  const channel = deps.approvalChannel;
  if (!channel) {
    await bestEffort(deps, 'approval not posted', () => deps.service.approvalNotPosted(approval, 'APPROVAL_SLACK_CHANNEL is not set'));
    await bestEffort(deps, 'approval notice', () => deps.chat.post(requesterThread, `:warning: ${users} in your request are not your direct reports and need an approver, but no approval channel is set up, so nothing was sent to them. Ask your helpdesk.`));
    return { posted: false };
  }
  const view = describeApproval(approval);
  let ts: string | null = null;
  let failure = '';
  try {
    ts = await deps.chat.post({ channel, threadTs: null }, approvalHeadline(view, approval.requester), renderApprovalBlocks(view, { kind: 'pending' }, approval.requester));
  } catch (error) {
    failure = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
    deps.logger.warn({ err: error, channel }, 'slack approval request could not be posted');
  }
  const postedAt = ts === null ? null : { surface: 'slack', channel, ts };
  // The core's bookkeeping: the plan's own run must go on whatever it does.
  if (postedAt) await bestEffort(deps, 'approval posted', () => deps.service.approvalPosted(approval, postedAt));
  else await bestEffort(deps, 'approval not posted', () => deps.service.approvalNotPosted(approval, `could not post in Slack channel ${channel} (${failure})`));
  const told = postedAt
    ? `:raising_hand: ${users} in your request are not your direct reports: I asked the approvers in <#${channel}>. You will hear back in this thread.`
    : `:warning: ${users} in your request are not your direct reports and need an approver, but I could not post in the approval channel <#${channel}> (am I in it?), so nothing was sent to them. Ask your helpdesk.`;
  await bestEffort(deps, 'approval notice', () => deps.chat.post(requesterThread, told));
  return { posted: postedAt !== null };
}
