import { USER_STATUSES, type DirectoryUser, type UserStatus } from '../core/directory-user.ts';

/** The fields of the SDK's User model we read; typed loosely because profiles are open-ended. */
export interface OktaUserLike {
  id?: string;
  status?: string;
  activated?: Date | string | null;
  transitioningToStatus?: string | null;
  profile?: Record<string, unknown> & { login?: string; email?: string; firstName?: string | null; lastName?: string | null };
  credentials?: { password?: unknown } | null;
}

export function toDirectoryUser(user: OktaUserLike): DirectoryUser {
  const profile = user.profile ?? {};
  const login = String(profile.login ?? '');
  const name = [profile.firstName, profile.lastName].filter((part) => typeof part === 'string' && part).join(' ');
  return {
    id: String(user.id),
    status: toStatus(user.status),
    login,
    email: String(profile.email ?? login),
    displayName: name || login,
    activated: toIso(user.activated),
    transitioningToStatus: user.transitioningToStatus ? String(user.transitioningToStatus) : null,
    hasPassword: Boolean(user.credentials?.password),
    managerId: stringOrNull(profile['managerId']),
    manager: stringOrNull(profile['manager']),
  };
}

function toStatus(status: string | undefined): UserStatus {
  const upper = String(status).toUpperCase();
  if ((USER_STATUSES as readonly string[]).includes(upper)) return upper as UserStatus;
  throw new Error(`Okta returned an unknown user status: ${String(status)}`);
}

function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}
