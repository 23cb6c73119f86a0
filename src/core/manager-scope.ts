import type { DirectoryUser, UserStatus } from './directory-user.ts';

/**
 * A manager's Okta account vouches for their reports only while it is an activated account in
 * use: a deactivated, suspended or never-activated account gets no manager rights.
 */
const VOUCHING_STATUSES: ReadonlySet<UserStatus> = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);

export function canVouchAsManager(manager: DirectoryUser): boolean {
  return VOUCHING_STATUSES.has(manager.status) && manager.activated !== null;
}

/**
 * True when the user's Okta profile names `manager` as their manager: `managerId` equal to the
 * manager's Okta id, or `manager` equal to their login or email (case-insensitively).
 */
export function isManagedBy(user: DirectoryUser, manager: DirectoryUser): boolean {
  if (user.id === manager.id) return false;
  if (user.managerId !== null && user.managerId === manager.id) return true;
  const named = user.manager?.trim().toLowerCase();
  return Boolean(named) && (named === manager.login.toLowerCase() || named === manager.email.toLowerCase());
}
