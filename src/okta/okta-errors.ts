import type { DirectoryErrorCode } from '../core/lifecycle.ts';
import { isOktaTimeoutError, isRateLimitWaitError } from './okta-call-errors.ts';

/** Okta errorCode → the core's error classes. Branch on errorCode only: summaries change. */
const BY_ERROR_CODE: Record<string, DirectoryErrorCode> = {
  E0000001: 'invalid_request',
  E0000006: 'forbidden',
  E0000007: 'not_found',
  E0000011: 'unauthorized',
  E0000016: 'already_active',
  E0000017: 'not_allowed_in_status',
  E0000038: 'not_allowed_in_status',
  E0000047: 'rate_limited',
  E0000112: 'not_allowed_in_status',
  E0000118: 'email_recently_sent',
};

export interface MappedError {
  readonly code: DirectoryErrorCode;
  readonly errorCode: string | null;
  readonly summary: string;
  readonly requestId: string | null;
  readonly status: number | null;
}

interface ErrorLike {
  status?: unknown;
  errorCode?: unknown;
  errorSummary?: unknown;
  message?: unknown;
  headers?: { get?: (name: string) => string | null };
}

/**
 * Maps an OktaApiError, HttpError or network error, and the gateway's own time limits: no answer
 * in time is 'timeout', a window too far away to wait for is 'rate_limited' (nothing was sent).
 * The summary never includes a URL with a token.
 */
export function mapOktaError(error: unknown): MappedError {
  if (isOktaTimeoutError(error)) return { code: 'timeout', errorCode: null, summary: error.message, requestId: null, status: null };
  if (isRateLimitWaitError(error)) return { code: 'rate_limited', errorCode: null, summary: error.message, requestId: null, status: null };
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : null;
  const errorCode = typeof e.errorCode === 'string' ? e.errorCode : null;
  const requestId = typeof e.headers?.get === 'function' ? e.headers.get('x-okta-request-id') : null;
  const mapped = errorCode ? BY_ERROR_CODE[errorCode] : undefined;
  const code = mapped ?? byHttpStatus(status);
  const summary = typeof e.errorSummary === 'string' && e.errorSummary ? e.errorSummary : describe(code, status);
  return { code, errorCode, summary, requestId, status };
}

function byHttpStatus(status: number | null): DirectoryErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status !== null && status >= 400 && status < 500) return 'invalid_request';
  return 'unavailable';
}

function describe(code: DirectoryErrorCode, status: number | null): string {
  if (code === 'unavailable') return status ? `Okta answered HTTP ${status}.` : 'Okta could not be reached.';
  return `Okta refused the call (${code}).`;
}
