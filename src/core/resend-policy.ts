import type { DirectoryUser } from './directory-user.ts';
import type { LifecycleAction } from './lifecycle.ts';

/** Why no email goes to a user. Stable codes: reports, CSV exports and tests rely on them. */
export type SkipReason =
  | 'already_active'
  | 'password_reset_pending'
  | 'locked_out'
  | 'suspended'
  | 'deprovisioned'
  | 'transitioning'
  | 'not_found'
  | 'ambiguous'
  | 'lookup_failed'
  | 'duplicate_user'
  | 'recently_sent'
  | 'not_authorized'
  | 'awaiting_approval'
  | 'not_applicable';

/** A separate, explicitly confirmed choice the plan may offer instead of a resend (never by default). */
export type AlternativeAction = 'reset_password' | 'activate_deprovisioned';

export type PolicyDecision =
  | { readonly kind: 'send'; readonly action: LifecycleAction; readonly note: string | null }
  | {
      readonly kind: 'skip';
      readonly reason: SkipReason;
      readonly message: string;
      readonly hint: string | null;
      readonly alternative: AlternativeAction | null;
    };

export function skip(
  reason: SkipReason,
  message: string,
  hint: string | null = null,
  alternative: AlternativeAction | null = null,
): PolicyDecision {
  return { kind: 'skip', reason, message, hint, alternative };
}

const RESET_HINT = 'If they lost access, a password-reset email is a separate, explicit choice.';

/**
 * The resend policy table of okta-lifecycle.md, one row per branch. Pure: same user, same answer.
 * Activate only works on STAGED (and DEPROVISIONED, which we refuse); reactivate only on
 * PROVISIONED/RECOVERY and must be called with sendEmail=true (Okta's default is false).
 */
export function decideResend(user: DirectoryUser): PolicyDecision {
  if (user.transitioningToStatus) {
    return skip('transitioning', `Status is changing to ${user.transitioningToStatus}.`, 'Try again in a minute.');
  }
  switch (user.status) {
    case 'STAGED':
      return {
        kind: 'send',
        action: 'activate',
        note: user.hasPassword
          ? 'Has a password already: activation makes them ACTIVE at once, with no activation link to finish.'
          : null,
      };
    case 'PROVISIONED':
      return { kind: 'send', action: 'reactivate', note: null };
    case 'RECOVERY':
      if (user.activated === null) return { kind: 'send', action: 'reactivate', note: null };
      return skip(
        'password_reset_pending',
        'Activated before; a password reset is pending, so there is no activation email to resend.',
        RESET_HINT,
        'reset_password',
      );
    case 'ACTIVE':
    case 'PASSWORD_EXPIRED':
      return skip('already_active', `Already active (${user.status}).`, RESET_HINT, 'reset_password');
    case 'LOCKED_OUT':
      return skip('locked_out', 'Locked out, not pending activation.', 'Unlock the user in Okta instead.');
    case 'SUSPENDED':
      return skip('suspended', 'Suspended, not pending activation.', 'Unsuspend the user in Okta first.');
    case 'DEPROVISIONED':
      return skip(
        'deprovisioned',
        'Deactivated: activating would restore a deactivated account.',
        'Only an Okta admin should reactivate a deactivated account, deliberately.',
        'activate_deprovisioned',
      );
  }
}

/** What a plan does: the resend of the policy table, or one of its explicit alternatives. */
export type PlanKind = 'resend' | AlternativeAction;

/**
 * The alternatives, each confirmed separately and never chosen by default:
 * a password-reset email for users who are already active (Okta: reset_password requires
 * sendEmail; it moves the user to RECOVERY), and activation of a deactivated account (admins only).
 */
export function decideAlternative(user: DirectoryUser, kind: AlternativeAction): PolicyDecision {
  if (user.transitioningToStatus) return decideResend(user);
  const standard = decideResend(user);
  if (standard.kind === 'skip' && standard.alternative === kind) {
    return kind === 'reset_password'
      ? { kind: 'send', action: 'reset_password', note: 'Sends a password-reset email; the user must set a new password.' }
      : { kind: 'send', action: 'activate', note: 'Restores a deactivated account: the user becomes pending activation again. App assignments removed at deactivation are not restored.' };
  }
  return skip('not_applicable', `Not applicable to a ${user.status} user.`);
}

export function decideFor(kind: PlanKind, user: DirectoryUser): PolicyDecision {
  return kind === 'resend' ? decideResend(user) : decideAlternative(user, kind);
}
