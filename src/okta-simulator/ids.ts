import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base62 string (Okta's tokens and ids use letters and digits only). */
export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

/**
 * Okta user ids are `00u` + 17 alphanumerics (e.g. 00ub0oNGTSWTBKOLGLNR). Ours are counter-based
 * (`00usim` + 14 digits) so they are deterministic and sort in creation order.
 */
export function userIdFor(counter: number): string {
  return `00usim${String(counter).padStart(14, '0')}`;
}

/** Okta: the default user type's id starts with `oty` (20 characters in all). */
export const DEFAULT_USER_TYPE_ID = 'otysim00000000000001';

/** Okta's X-Okta-Request-Id values are opaque ~27-character strings; unique per response. */
export function newRequestId(): string {
  return randomAlphanumeric(27);
}

/** Okta: errorId looks like `oaeXXXXXXXXXXXXXXXXXXXXXX` (a fresh one on every error). */
export function newErrorId(): string {
  return `oae${randomAlphanumeric(22)}`;
}

/** Okta: activation and reset tokens look like `XE6wE17zmphl3KqAPFxO` (20 alphanumerics). */
export function newOneTimeToken(): string {
  return randomAlphanumeric(20);
}
