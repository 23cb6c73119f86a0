// Which lifecycle operation is allowed in which status, and the _links name Okta gives it.
import { OKTA_STATUSES, type OktaStatus } from './types.ts';

export type LifecycleOp =
  | 'activate'
  | 'reactivate'
  | 'reset_password'
  | 'expire_password'
  | 'suspend'
  | 'unsuspend'
  | 'unlock'
  | 'deactivate';

interface OpRule {
  /** Key under `_links` (Okta: e.g. `resetPassword` for /lifecycle/reset_password). */
  link: string;
  allowedIn: readonly OktaStatus[];
}

const EVERY_STATUS_BUT_DEPROVISIONED = OKTA_STATUSES.filter((status) => status !== 'DEPROVISIONED');

/** From the project's Okta fact sheet (Users lifecycle API). */
export const LIFECYCLE_RULES: Record<LifecycleOp, OpRule> = {
  activate: { link: 'activate', allowedIn: ['STAGED', 'DEPROVISIONED'] },
  reactivate: { link: 'reactivate', allowedIn: ['PROVISIONED', 'RECOVERY'] },
  reset_password: { link: 'resetPassword', allowedIn: ['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'LOCKED_OUT'] },
  expire_password: { link: 'expirePassword', allowedIn: ['ACTIVE'] },
  suspend: { link: 'suspend', allowedIn: ['ACTIVE'] },
  unsuspend: { link: 'unsuspend', allowedIn: ['SUSPENDED'] },
  unlock: { link: 'unlock', allowedIn: ['LOCKED_OUT'] },
  deactivate: { link: 'deactivate', allowedIn: EVERY_STATUS_BUT_DEPROVISIONED },
};

export function isLifecycleOp(value: string): value is LifecycleOp {
  return Object.hasOwn(LIFECYCLE_RULES, value);
}

export function isAllowed(op: LifecycleOp, status: OktaStatus): boolean {
  return LIFECYCLE_RULES[op].allowedIn.includes(status);
}

/** The operations that are valid for a user in this status right now. */
export function opsAllowedIn(status: OktaStatus): LifecycleOp[] {
  return (Object.keys(LIFECYCLE_RULES) as LifecycleOp[]).filter((op) => isAllowed(op, status));
}
