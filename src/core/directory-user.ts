/** Okta user statuses (okta-lifecycle.md). `status` is read-only in Okta. */
export const USER_STATUSES = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The slice of an Okta user the core needs, free of SDK types. */
export interface DirectoryUser {
  readonly id: string;
  readonly status: UserStatus;
  readonly login: string;
  readonly email: string;
  readonly displayName: string;
  /** ISO time of first activation; null when the user was never activated. */
  readonly activated: string | null;
  /** Set only while an asynchronous activate/deactivate runs. */
  readonly transitioningToStatus: string | null;
  /** True when `credentials.password` is present (STAGED users then go straight to ACTIVE). */
  readonly hasPassword: boolean;
  readonly managerId: string | null;
  readonly manager: string | null;
}
