import type { Approval } from '../../core/approvals.ts';
import { describeApproval, requestedNames } from '../../core/views/approval-view.ts';
import { plural } from '../../core/views/labels.ts';
import { approvalHeadline, renderApprovalBlocks } from '../blocks/approval-blocks.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { approvalMessageOf, placeOf } from './approval-request.ts';
import { bestEffort } from './best-effort.ts';

const NAMES_LISTED = 10;

/**
 * One sweep: the core settles every Slack approval past its expiry as expired (a late click then
 * only hears "expired") and hands them back; here each approval message loses its buttons and the
 * requester, who was told "you will hear back in this thread", hears back. Every chat call is best
 * effort: the approval is settled already, and one unreachable channel must not keep the others
 * from being closed.
 */
export async function closeExpiredApprovals(deps: SlackDeps): Promise<void> {
  for (const approval of await deps.service.expireApprovals('slack')) {
    const view = describeApproval(approval);
    const message = approvalMessageOf(approval);
    if (message) {
      await bestEffort(deps, 'approval expired', () => deps.chat.update(message.channel, message.ts, approvalHeadline(view, approval.requester), renderApprovalBlocks(view, { kind: 'expired' }, approval.requester)));
    }
    const thread = placeOf(approval.replyTo);
    if (thread) await bestEffort(deps, 'requester told of expiry', () => deps.chat.post(thread, expiredNotice(approval)));
  }
}

/** For the requester: nobody decided in time, who was not sent, what to do now. */
export function expiredNotice(approval: Approval): string {
  const count = approval.entries.length;
  const whom = count === 1 ? 'that user' : `those ${plural(count, 'user')}`;
  // As she typed them: the approvers' logins and statuses are not hers to see.
  const names = requestedNames(approval).map((name) => `• ${escapeMrkdwn(name)}`);
  const more = names.length > NAMES_LISTED ? [`…and ${names.length - NAMES_LISTED} more`] : [];
  return [
    `:alarm_clock: Nobody approved your request in time, so nothing was sent to ${whom}. Ask again if they still need the email, or ask your helpdesk.`,
    ...names.slice(0, NAMES_LISTED),
    ...more,
  ].join('\n');
}
