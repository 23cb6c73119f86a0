import type { UserStatus } from '../directory-user.ts';
import type { LifecycleAction } from '../lifecycle.ts';

/** The Okta admin console's words for statuses, which helpdesk staff recognise. */
export const STATUS_LABELS: Record<UserStatus, string> = {
  STAGED: 'Staged',
  PROVISIONED: 'Pending user action',
  ACTIVE: 'Active',
  RECOVERY: 'Password reset',
  PASSWORD_EXPIRED: 'Password expired',
  LOCKED_OUT: 'Locked out',
  SUSPENDED: 'Suspended',
  DEPROVISIONED: 'Deactivated',
};

export const ACTION_LABELS: Record<LifecycleAction, string> = {
  activate: 'activate — first activation email',
  reactivate: 'reactivate — activation email again',
  reset_password: 'reset password — password-reset email',
};

export function statusLabel(status: UserStatus | null): string {
  return status ? `${status} (${STATUS_LABELS[status]})` : '—';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Longest piece of user input a view shows: chat messages have size limits (Teams ~28 KB a card). */
export const SHOWN_INPUT_CHARS = 120;

/** User input as a view shows it: cut to SHOWN_INPUT_CHARS with an ellipsis (the CSV export keeps it whole). */
export function clip(text: string, max = SHOWN_INPUT_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * What a requester without a role is told about a row that is not their direct report, instead of
 * what Okta holds (status, login, why it cannot be sent): see PlanEntry.restricted.
 */
export const RESTRICTED_SKIP = 'No direct report of yours in Okta goes by this (check the spelling). For anyone else, ask your helpdesk.';
export const RESTRICTED_APPROVAL = 'not your direct report: needs an approver';

/** A restricted plan row's text: it needs an approver, or nothing Okta holds is said. */
export function restrictedPlanText(sendable: boolean): string {
  return sendable ? RESTRICTED_APPROVAL : RESTRICTED_SKIP;
}

/** A restricted result's message: "waiting for an approver" (or why not) is ours to say, the rest is Okta's. */
export function restrictedResultText(result: { readonly reason: string | null; readonly message: string }): string {
  return result.reason === 'awaiting_approval' ? result.message : RESTRICTED_SKIP;
}
