/**
 * The gateway's own failures, as opposed to Okta's answers: a request that got no answer in time,
 * and a rate-limit window too far away to wait for. Their messages are written for the requester
 * (the core shows them as they are), so they say what happened in plain words and carry no URL.
 */

/** What people call the calls in each of Okta's rate-limit buckets (see bucketFor). */
const BUCKET_LABELS: Record<string, string> = {
  lifecycle: 'lifecycle calls',
  'users-list': 'user searches',
  'users-get': 'user reads',
  logs: 'System Log reads',
  'POST /oauth2/v1/token': 'token requests',
};

export function bucketLabel(bucket: string): string {
  return BUCKET_LABELS[bucket] ?? 'this kind of call';
}

/** e.g. 14:03:07 UTC: a time the requester can act on, in the one zone every team shares. */
export function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** Whole seconds when whole ("10 s"), one decimal otherwise ("0.5 s"). */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * Okta sent no complete answer within the limit. The request may have reached Okta: for a
 * lifecycle call, whether the email went out is unknown.
 */
export class OktaTimeoutError extends Error {
  override name = 'OktaTimeoutError';
  constructor(
    /** The rate-limit bucket of the request that timed out (`lifecycle` for a lifecycle call). */
    readonly bucket: string,
    readonly limitMs: number,
  ) {
    super(`Okta did not answer within ${seconds(limitMs)}.`);
  }
}

/**
 * The bucket's window resets later than the longest wait allowed (OKTA_MAX_WAIT_SECONDS): the
 * request was not sent, and the requester is told when the limit resets instead of being kept
 * waiting for it.
 */
export class RateLimitWaitError extends Error {
  override name = 'RateLimitWaitError';
  constructor(
    readonly bucket: string,
    /** When the window resets, on our clock. */
    readonly resetAtMs: number,
  ) {
    super(`Okta's rate limit for ${bucketLabel(bucket)} is used up until ${utcTime(resetAtMs)}.`);
  }
}

/**
 * Okta refused an OAuth token request (RFC 6749 error body: `invalid_scope`, `invalid_client`, …).
 * okta-sdk-nodejs 8.1 does not notice this itself (its oauth.js calls an `Http.errorFilter` that
 * is undefined, a circular import), caches the error body as the token and sends
 * `Authorization: Bearer undefined`, so the caller would only ever see a misleading 401 E0000011.
 * The executor raises this instead. Fields named as OktaApiError's, for mapOktaError.
 */
export class OktaTokenError extends Error {
  override name = 'OktaTokenError';
  constructor(
    readonly status: number,
    /** The OAuth error code, e.g. `invalid_scope`. */
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly url: string,
    readonly headers: { get(name: string): string | null },
  ) {
    super(`Okta refused the OAuth token request (${errorCode}${errorSummary ? `: ${errorSummary}` : ''}).`);
  }
}

export function isOktaTokenError(error: unknown): error is OktaTokenError {
  return error instanceof OktaTokenError;
}

export function isOktaTimeoutError(error: unknown): error is OktaTimeoutError {
  return error instanceof OktaTimeoutError;
}

export function isRateLimitWaitError(error: unknown): error is RateLimitWaitError {
  return error instanceof RateLimitWaitError;
}
