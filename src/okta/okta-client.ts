import { Client } from '@okta/okta-sdk-nodejs';
import { normaliseOrgUrl } from './org-url.ts';
import { PacingRequestExecutor, type RequestLimits } from './pacing-request-executor.ts';
import { RateLimitPacer, realClock, type PacerClock } from './rate-limit-pacer.ts';

export type OktaAuth =
  | { readonly kind: 'apiToken'; readonly token: string }
  | { readonly kind: 'privateKey'; readonly clientId: string; readonly privateKey: string; readonly keyId?: string };

export interface OktaClientOptions {
  readonly orgUrl: string;
  readonly auth: OktaAuth;
  /** The SDK's own 429 retry, kept as a backstop behind the pacer; high because bulk runs span windows. */
  readonly maxRetries?: number;
  readonly clock?: PacerClock;
  /** Requests left unspent per rate-limit window for the org's other API clients. */
  readonly rateLimitReserve?: number;
  /** OKTA_TIMEOUT_SECONDS: the most one request (one attempt) may take, answer included. */
  readonly timeoutSeconds: number;
  /** OKTA_MAX_WAIT_SECONDS: the longest one request waits for a rate-limit window. */
  readonly maxWaitSeconds: number;
}

/**
 * Lookups (searches, GETs, the OAuth token) get at most this long, even with a longer
 * OKTA_TIMEOUT_SECONDS: Okta answers them in well under a second, they change nothing (asking
 * again is safe), and a requester is waiting for the plan. Lifecycle calls keep the full limit:
 * cutting a slow one short would turn an email that went out into one whose outcome is unknown.
 */
export const LOOKUP_TIMEOUT_CAP_SECONDS = 10;

export interface OktaConnection {
  readonly client: Client;
  readonly pacer: RateLimitPacer;
}

/** Scopes the bot needs with an OAuth service app: read users, and run lifecycle calls. */
export const OKTA_SCOPES = ['okta.users.read', 'okta.users.manage'];

/** Per-attempt limits from OKTA_TIMEOUT_SECONDS: lookups capped (see LOOKUP_TIMEOUT_CAP_SECONDS). */
export function requestLimits(timeoutSeconds: number, maxRetries: number): RequestLimits {
  const timeoutMs = timeoutSeconds * 1000;
  return { timeoutMs, lookupTimeoutMs: Math.min(timeoutMs, LOOKUP_TIMEOUT_CAP_SECONDS * 1000), maxRetries };
}

export function createOktaConnection(options: OktaClientOptions): OktaConnection {
  const pacer = new RateLimitPacer(options.clock ?? realClock, {
    reserve: options.rateLimitReserve ?? 0,
    maxWaitMs: options.maxWaitSeconds * 1000,
  });
  const requestExecutor = new PacingRequestExecutor(pacer, requestLimits(options.timeoutSeconds, options.maxRetries ?? 10));
  const orgUrl = normaliseOrgUrl(options.orgUrl);
  // cacheMiddleware: null — the SDK caches GETs forever by default, so a bot would see stale statuses.
  const common = { orgUrl, cacheMiddleware: null, requestExecutor };
  const auth = options.auth;
  const client =
    auth.kind === 'apiToken'
      ? new Client({ ...common, token: auth.token })
      : new Client({
          ...common,
          authorizationMode: 'PrivateKey',
          clientId: auth.clientId,
          scopes: OKTA_SCOPES,
          privateKey: auth.privateKey,
          ...(auth.keyId ? { keyId: auth.keyId } : {}),
        });
  return { client, pacer };
}
