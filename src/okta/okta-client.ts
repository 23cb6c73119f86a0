import { Client } from '@okta/okta-sdk-nodejs';
import { normaliseOrgUrl } from './org-url.ts';
import { PacingRequestExecutor } from './pacing-request-executor.ts';
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
}

export interface OktaConnection {
  readonly client: Client;
  readonly pacer: RateLimitPacer;
}

/** Scopes the bot needs with an OAuth service app: read users, and run lifecycle calls. */
export const OKTA_SCOPES = ['okta.users.read', 'okta.users.manage'];

export function createOktaConnection(options: OktaClientOptions): OktaConnection {
  const pacer = new RateLimitPacer(options.clock ?? realClock, { reserve: options.rateLimitReserve ?? 0 });
  const requestExecutor = new PacingRequestExecutor(pacer, { maxRetries: options.maxRetries ?? 10, requestTimeout: 0 });
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
