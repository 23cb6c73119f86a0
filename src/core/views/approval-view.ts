import type { Approval } from '../approvals.ts';
import { clip, plural, statusLabel } from './labels.ts';
import type { ViewRow } from './plan-view.ts';

/** The card approvers see: who asks, for whom, until when. */
export interface ApprovalView {
  readonly approvalId: string;
  readonly title: string;
  readonly rows: readonly ViewRow[];
  readonly expiresAt: number;
}

export function describeApproval(approval: Approval): ApprovalView {
  return {
    approvalId: approval.id,
    title: `${approval.requester.displayName} asks to resend activation emails to ${plural(approval.entries.length, 'user')} who are not their direct reports`,
    rows: approval.entries.map((entry) => ({
      who: entry.user?.login ?? clip(entry.identifier.raw),
      tone: 'neutral',
      text: `${statusLabel(entry.user?.status ?? null)}${entry.user?.manager ? ` · manager in Okta: ${entry.user.manager}` : ''}`,
      hint: null,
    })),
    expiresAt: approval.expiresAt,
  };
}

/**
 * The users of an approval as their requester named them (clipped), for what she is told about
 * it (denied, expired): never the login or status the approvers see, since none of them is her report.
 */
export function requestedNames(approval: Pick<Approval, 'entries'>): string[] {
  return approval.entries.map((entry) => clip(entry.identifier.raw));
}
