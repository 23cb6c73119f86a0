// POST /api/v1/users/{id}/lifecycle/{op}: Okta's lifecycle rules, defaults and emails.
import {
  alreadyActive,
  emailCooldown,
  notAllowedInStatus,
  ok,
  transitionInProgress,
  unlockNotAllowed,
  userNotFound,
  validationFailed,
} from './errors.ts';
import type { SimResponse } from './errors.ts';
import { newOneTimeToken } from './ids.ts';
import { isAllowed } from './lifecycle-rules.ts';
import type { LifecycleOp } from './lifecycle-rules.ts';
import type { Mailer } from './mailer.ts';
import type { LogCaller, SystemLog } from './system-log.ts';
import { toOktaUser } from './user-json.ts';
import type { StoredUser, UserStore } from './user-store.ts';
import type { EmailKind, OktaStatus } from './types.ts';

export interface LifecycleContext {
  store: UserStore;
  mailer: Mailer;
  systemLog: SystemLog;
  baseUrl: string;
  now: () => number;
}

/**
 * Okta: activate sends the email unless told otherwise; reactivate does NOT (sendEmail defaults
 * to false, a classic trap); reset_password refuses a request without sendEmail.
 */
const SEND_EMAIL_DEFAULT: Partial<Record<LifecycleOp, boolean | 'required'>> = {
  activate: true,
  reactivate: false,
  reset_password: 'required',
};

function parseSendEmail(op: LifecycleOp, raw: string | null): boolean | SimResponse {
  const fallback = SEND_EMAIL_DEFAULT[op];
  if (fallback === undefined) return false; // the other operations send nothing here
  if (raw === null) {
    return fallback === 'required' ? validationFailed('sendEmail', 'sendEmail: The parameter is required.') : fallback;
  }
  const lower = raw.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  return validationFailed('sendEmail', `sendEmail: "${raw}" is not a valid boolean.`);
}

function refusal(op: LifecycleOp): SimResponse {
  switch (op) {
    case 'activate':
      return alreadyActive();
    case 'unlock':
      return unlockNotAllowed();
    case 'suspend':
      return validationFailed('suspend', 'Cannot suspend a user that is not active.');
    case 'unsuspend':
      return validationFailed('unsuspend', 'Cannot unsuspend a user that is not suspended.');
    case 'deactivate':
      return validationFailed('deactivate', 'The user is already deactivated.');
    default:
      return notAllowedInStatus();
  }
}

interface Plan {
  next: OktaStatus;
  email: EmailKind | null;
  setActivated: boolean;
}

function planFor(op: LifecycleOp, user: StoredUser, sendEmail: boolean): Plan {
  switch (op) {
    case 'activate':
      // Okta: a STAGED user with a password becomes ACTIVE at once and gets a welcome email (no
      // link); without a password (or from DEPROVISIONED) the user is PROVISIONED and must
      // follow the activation link.
      if (user.status === 'STAGED' && user.hasPassword) {
        return { next: 'ACTIVE', email: sendEmail ? 'welcome' : null, setActivated: true };
      }
      return { next: 'PROVISIONED', email: sendEmail ? 'activation' : null, setActivated: false };
    case 'reactivate':
      return { next: 'PROVISIONED', email: sendEmail ? 'activation' : null, setActivated: false };
    case 'reset_password':
      return { next: 'RECOVERY', email: sendEmail ? 'password_reset' : null, setActivated: false };
    case 'expire_password':
      return { next: 'PASSWORD_EXPIRED', email: null, setActivated: false };
    case 'suspend':
      return { next: 'SUSPENDED', email: null, setActivated: false };
    case 'unsuspend':
    case 'unlock':
      return { next: 'ACTIVE', email: null, setActivated: false };
    case 'deactivate':
      return { next: 'DEPROVISIONED', email: null, setActivated: false };
  }
}

function responseBody(op: LifecycleOp, emailed: boolean, user: StoredUser, baseUrl: string): unknown {
  if (op === 'expire_password') return toOktaUser(user, baseUrl); // Okta returns the user here
  if (emailed) return {};
  if (op === 'activate' || op === 'reactivate') {
    // Okta: the one-time token only ever leaves in the response when no email was sent.
    const token = newOneTimeToken();
    return { activationUrl: `${baseUrl}/welcome/${token}`, activationToken: token };
  }
  if (op === 'reset_password') {
    return { resetPasswordUrl: `${baseUrl}/signin/reset-password/${newOneTimeToken()}` };
  }
  return {};
}

export function runLifecycle(op: LifecycleOp, idOrLogin: string, params: URLSearchParams, ctx: LifecycleContext, caller: LogCaller): SimResponse {
  const user = ctx.store.find(idOrLogin);
  if (user === undefined) return userNotFound(idOrLogin);
  const sendEmail = parseSendEmail(op, params.get('sendEmail'));
  if (typeof sendEmail !== 'boolean') return sendEmail;
  if (user.transitioningToStatus !== null) return transitionInProgress();
  if (!isAllowed(op, user.status)) return refusal(op);

  const plan = planFor(op, user, sendEmail);
  if (plan.email !== null && ctx.mailer.isCoolingDown(user.email)) {
    // Nothing changes and nothing is sent when Okta refuses for the email cooldown.
    return emailCooldown(ctx.mailer.cooldown);
  }
  ctx.store.transition(user, plan.next, { activated: plan.setActivated });
  // Okta logs only calls that succeeded; the email's delivery is an event of its own.
  ctx.systemLog.recordLifecycle(op, user, caller);
  if (plan.email !== null) {
    ctx.mailer.send(user.email, user.id, plan.email);
    ctx.systemLog.recordDelivery(user, plan.email);
  }
  return ok(responseBody(op, plan.email !== null, user, ctx.baseUrl));
}
