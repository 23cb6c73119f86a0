import type { Approval } from '../../core/approvals.ts';
import type { Requester } from '../../core/requester.ts';
import { describeApproval } from '../../core/views/approval-view.ts';
import type { CardAction } from '../card-actions.ts';
import { card, rowElement, submitAction, text, type CardAttachment, type CardElement } from './card-kit.ts';

/** Where an approval card stands; decided cards carry no buttons, so nobody can click them again. */
export type ApprovalCardState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'running'; readonly by: string }
  | { readonly kind: 'approved'; readonly by: string; readonly summary: string; readonly failed: boolean }
  | { readonly kind: 'denied'; readonly by: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'expired' };

/** Approvers sit in several time zones and the card is read hours later: an absolute UTC time. */
function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Anyone can set their Teams display name to a colleague's, so the approver also sees who asks by
 * something they cannot edit: the email from the Teams roster (what the core found their Okta
 * account by), or else their Entra (AAD) object id. It comes first, the editable name after it.
 */
export function requesterIdentity(requester: Requester): string {
  const account = requester.email ?? `Entra object id ${requester.userId}`;
  return `Requester: ${account} (shown in Teams as ${requester.displayName})`;
}

function statusLine(state: Exclude<ApprovalCardState, { kind: 'pending' }>): CardElement {
  switch (state.kind) {
    case 'running':
      return text(`Approved by ${state.by} — sending…`, { weight: 'Bolder', color: 'Accent', spacing: 'Medium' });
    case 'approved':
      return text(`Approved by ${state.by} — ${state.failed ? 'done, with failures' : 'done'}: ${state.summary}`, {
        weight: 'Bolder',
        color: state.failed ? 'Attention' : 'Good',
        spacing: 'Medium',
      });
    case 'denied':
      return text(`Denied by ${state.by} — nothing was sent.`, { weight: 'Bolder', spacing: 'Medium' });
    case 'failed':
      return text(state.message, { weight: 'Bolder', color: 'Attention', spacing: 'Medium' });
    case 'expired':
      return text('Expired without a decision — nothing was sent.', { weight: 'Bolder', spacing: 'Medium' });
  }
}

/**
 * The card posted into the approval conversation (APPROVAL_TEAMS_CHANNEL), in any of its states;
 * all text escaped by card-kit.
 */
export function renderApprovalCard(approval: Approval, state: ApprovalCardState = { kind: 'pending' }): CardAttachment {
  const view = describeApproval(approval);
  const body: CardElement[] = [
    text(view.title, { weight: 'Bolder', size: 'Medium' }),
    text(requesterIdentity(approval.requester), { isSubtle: true, spacing: 'None' }),
    ...view.rows.map(rowElement),
  ];
  if (state.kind !== 'pending') return card([...body, statusLine(state)]);
  body.push(
    text(`Approve sends the activation emails now (statuses are read again first). Approvers only; the requester cannot approve. Open until ${utc(view.expiresAt)}.`, {
      isSubtle: true,
      spacing: 'Medium',
    }),
  );
  return card(body, [
    submitAction('Approve', data({ action: 'approve', approvalId: view.approvalId }), 'positive'),
    submitAction('Deny', data({ action: 'deny', approvalId: view.approvalId }), 'destructive'),
  ]);
}

function data(action: Extract<CardAction, { action: 'approve' | 'deny' }>): Record<string, string> {
  return { ...action };
}
