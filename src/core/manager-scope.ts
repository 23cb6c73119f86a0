import type { DirectoryUser } from './directory-user.ts';

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
