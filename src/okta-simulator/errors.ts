// Okta's error bodies and the codes the simulator uses (from the project's Okta fact sheet).
import { newErrorId } from './ids.ts';

export interface ErrorCause {
  errorSummary: string;
}

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: ErrorCause[];
}

/** What a route handler returns; the server adds the common headers. */
export interface SimResponse {
  status: number;
  body: unknown;
  /** Set for error responses, recorded in `calls`. */
  errorCode: string | null;
  headers?: Record<string, string | string[]>;
}

export function oktaError(status: number, errorCode: string, errorSummary: string, causes: string[] = []): SimResponse {
  const body: OktaErrorBody = {
    errorCode,
    errorSummary,
    // Okta: errorLink repeats the error code.
    errorLink: errorCode,
    errorId: newErrorId(),
    errorCauses: causes.map((c) => ({ errorSummary: c })),
  };
  return { status, body, errorCode };
}

export function ok(body: unknown, headers?: Record<string, string | string[]>): SimResponse {
  return headers === undefined ? { status: 200, body, errorCode: null } : { status: 200, body, errorCode: null, headers };
}

/** E0000001 400: Okta names the failing field in the summary and explains it in errorCauses. */
export function validationFailed(field: string, cause: string): SimResponse {
  return oktaError(400, 'E0000001', `Api validation failed: ${field}`, [cause]);
}

export function noPermission(): SimResponse {
  return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
}

export function userNotFound(idOrLogin: string): SimResponse {
  return oktaError(404, 'E0000007', `Not found: Resource not found: ${idOrLogin} (User)`);
}

export function routeNotFound(path: string): SimResponse {
  return oktaError(404, 'E0000007', `Not found: Resource not found: ${path}`);
}

export function invalidToken(): SimResponse {
  return oktaError(401, 'E0000011', 'Invalid token provided');
}

export function alreadyActive(): SimResponse {
  return oktaError(403, 'E0000016', 'Activation failed because the user is already active');
}

export function notAllowedInStatus(): SimResponse {
  return oktaError(403, 'E0000038', "This operation is not allowed in the user's current status.");
}

export function unlockNotAllowed(): SimResponse {
  return oktaError(403, 'E0000032', 'Unlock is not allowed for this user.');
}

export function rateLimited(): SimResponse {
  return oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
}

/** Okta's text says 5 seconds (its cooldown); we print the configured cooldown, 5 by default. */
export function emailCooldown(cooldownMs: number): SimResponse {
  const seconds = Math.max(1, Math.ceil(cooldownMs / 1000));
  return oktaError(429, 'E0000118', `An email was recently sent. Please wait ${seconds} seconds`);
}

/**
 * Simulator's choice: Okta documents E0000112 for updates to a user whose lifecycle transition is
 * still running; we return it (409) for every lifecycle call on such a user.
 */
export function transitionInProgress(): SimResponse {
  return oktaError(409, 'E0000112', 'Unable to update this user because a lifecycle operation is in progress');
}
