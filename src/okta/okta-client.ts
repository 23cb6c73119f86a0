import { Client } from '@okta/okta-sdk-nodejs';
import { dpopProofRenewer } from './dpop-proof.ts';
import { normaliseOrgUrl } from './org-url.ts';
import { PacingRequestExecutor, type RequestLimits } from './pacing-request-executor.ts';
import { RateLimitPacer, realClock, type PacerClock } from './rate-limit-pacer.ts';
import { registerSystemLog, SystemLogReader } from './system-log.ts';
import { BounceList, registerBounceList } from './bounce-list.ts';

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
  /** Okta's System Log, read with the same pacer and time limits (also found by systemLogFor(client)). */
  readonly logs: SystemLogReader;
}

/** Scopes the bot needs with an OAuth service app: read users, and run lifecycle calls. */
export const OKTA_SCOPES = ['okta.users.read', 'okta.users.manage'];

/**
 * The System Log's scope, asked for by a token of its own: a token request naming a scope the app
 * was not granted fails as a whole (invalid_scope), so adding it to OKTA_SCOPES would stop an app
 * without it from resending anything. Reading the log is optional; resending is not.
 */
export const OKTA_LOGS_SCOPES = ['okta.logs.read'];

/** Taking addresses off Okta's bounce list: its own token too, for the same reason. */
export const OKTA_ORGS_SCOPES = ['okta.orgs.manage'];

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
  // DPoP needs no setting: the SDK finds out from the token endpoint's use_dpop_nonce challenge
  // (service apps with "Require DPoP") and signs proofs with the app's key; the executor renews
  // those proofs when it sends a request again.
  const renewer = options.auth.kind === 'privateKey' ? dpopProofRenewer(options.auth.privateKey) : null;
  const requestExecutor = new PacingRequestExecutor(pacer, requestLimits(options.timeoutSeconds, options.maxRetries ?? 10), renewer);
  const orgUrl = normaliseOrgUrl(options.orgUrl);
  // cacheMiddleware: null — the SDK caches GETs forever by default, so a bot would see stale statuses.
  const common = { orgUrl, cacheMiddleware: null, requestExecutor };
  const auth = options.auth;
  const clock = options.clock ?? realClock;
  let client: Client;
  let logsClient: () => Client;
  let orgsClient: () => Client;
  if (auth.kind === 'apiToken') {
    client = new Client({ ...common, token: auth.token });
    // An API token reads the log (and manages the org) as far as its admin may.
    logsClient = () => client;
    orgsClient = () => client;
  } else {
    const oauthClient = (scopes: string[]): Client =>
      new Client({ ...common, authorizationMode: 'PrivateKey', clientId: auth.clientId, scopes, privateKey: auth.privateKey, ...(auth.keyId ? { keyId: auth.keyId } : {}) });
    client = oauthClient(OKTA_SCOPES);
    // A second client, built on first use, whose token carries okta.logs.read alone (see
    // OKTA_LOGS_SCOPES); same executor, so the same pacer and time limits.
    let forLogs: Client | null = null;
    logsClient = () => (forLogs ??= oauthClient(OKTA_LOGS_SCOPES));
    let forOrgs: Client | null = null;
    orgsClient = () => (forOrgs ??= oauthClient(OKTA_ORGS_SCOPES));
  }
  registerBounceList(client, new BounceList(orgsClient, orgUrl));
  const logs = new SystemLogReader(logsClient, () => clock.now());
  registerSystemLog(client, logs);
  return { client, pacer, logs };
}
