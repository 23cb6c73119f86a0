import { DirectoryUnavailableError } from '../core/errors.ts';
import { isOktaTimeoutError, isRateLimitWaitError } from './okta-call-errors.ts';
import type { MappedError } from './okta-errors.ts';

/** What the requester reads for a lookup that failed: the gateway's own limits are already plain sentences. */
export function lookupFailure(error: unknown, mapped: MappedError): string {
  if (isOktaTimeoutError(error) || isRateLimitWaitError(error)) return error.message;
  return `Okta lookup failed: ${mapped.summary}`;
}

/** Okta refused the bot itself: no lookup can succeed, so the whole resolve fails with what an admin must fix. */
export function isRefusal(mapped: MappedError): boolean {
  return mapped.code === 'unauthorized' || mapped.code === 'forbidden';
}

export function unavailable(mapped: MappedError): DirectoryUnavailableError {
  return new DirectoryUnavailableError(
    `Okta refused the bot's own credentials (${mapped.errorCode ?? mapped.code}: ${mapped.summary}). An admin must check its API token or OAuth app and its okta.users.read / okta.users.manage scopes.`,
  );
}
