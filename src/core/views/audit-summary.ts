import type { AuditEvent } from '../audit.ts';
import { sameRequester, type Requester } from '../requester.ts';
import type { PlanKind } from '../resend-policy.ts';
import { plural } from './labels.ts';

/**
 * The one-line summaries an audit channel gets (AUDIT_SLACK_CHANNEL): runs and approval
 * decisions from every surface, as plain text for the surface to escape. Other events (each Okta
 * call, each user) stay in the audit file only: a channel line per call would drown the channel.
 */
export function summarizeAuditEvent(event: AuditEvent): string | null {
  switch (event.type) {
    case 'outcome':
      return `${who(event.actor)} ran ${RUN_NAMES[event.kind]}${sameRequester(event.actor, event.requester) ? '' : ` for ${who(event.requester)}`}: ${event.sent} sent · ${event.skipped} skipped · ${event.failed} failed (plan ${event.planId})`;
    case 'approval_requested':
      return `${who(event.requester)} asked approvers to resend to ${plural(event.users.length, 'user')} who are not their direct reports (approval ${event.approvalId})`;
    case 'approved':
    case 'denied':
      return `${who(event.approver)} ${event.type} ${who(event.requester)}'s request for ${plural(event.users.length, 'user')} (approval ${event.approvalId})`;
    case 'approval_expired':
      return `Nobody decided ${who(event.requester)}'s request for ${plural(event.users.length, 'user')} in time: it expired, nothing was sent (approval ${event.approvalId})`;
    case 'approval_not_posted':
      return `An approval request could not reach the approvers, so nothing was sent: ${event.detail} (approval ${event.approvalId})`;
    default:
      return null;
  }
}

const RUN_NAMES: Record<PlanKind, string> = {
  resend: 'activation resends',
  reset_password: 'password resets',
  activate_deprovisioned: 'reactivations of deactivated accounts',
};

function who(person: Requester): string {
  return `${person.displayName} (${person.surface} ${person.userId})`;
}

