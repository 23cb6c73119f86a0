// Public types of the Okta simulator. Kept apart from src/core on purpose: the simulator is an
// independent fake of Okta and must not share the bot's assumptions.

/** Okta user statuses (Okta: Users API, `status` enum). */
export type OktaStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export const OKTA_STATUSES: readonly OktaStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];

/** Okta: `transitioningToStatus` is only ever one of these three values. */
export type TransitioningStatus = 'ACTIVE' | 'PROVISIONED' | 'DEPROVISIONED';

export const TRANSITIONING_STATUSES: readonly TransitioningStatus[] = ['ACTIVE', 'PROVISIONED', 'DEPROVISIONED'];

export interface SimulatorSeedUser {
  id?: string;
  status: OktaStatus;
  login: string;
  /** Defaults to `login`. */
  email?: string;
  firstName?: string;
  lastName?: string;
  activated?: string | null;
  hasPassword?: boolean;
  managerId?: string | null;
  manager?: string | null;
  transitioningToStatus?: TransitioningStatus | null;
}

/** A plain copy of one simulated user (changing it changes nothing in the simulator). */
export interface SimulatorUserSnapshot {
  id: string;
  status: OktaStatus;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  hasPassword: boolean;
  managerId: string | null;
  manager: string | null;
  transitioningToStatus: TransitioningStatus | null;
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** `logs`: GET /api/v1/logs, a bucket of its own and a small one at Okta (50–120 a minute). */
export type Bucket = 'users-get' | 'users-list' | 'lifecycle' | 'logs' | 'other';

export const BUCKETS: readonly Bucket[] = ['users-get', 'users-list', 'lifecycle', 'logs', 'other'];

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default 'sim-api-token'; requests need `Authorization: SSWS <token>`. */
  apiToken?: string;
  /**
   * When set, POST /oauth2/v1/token (client_credentials + client_assertion JWT with iss=sub=clientId;
   * the signature is not verified) returns a Bearer access token that is then accepted.
   */
  oauthClientId?: string;
  /**
   * The scopes the OAuth app was granted (Okta: the app's "Okta API Scopes" tab). A token request
   * asking for any other scope fails as a whole with 400 `invalid_scope`, as at Okta. Default:
   * every requested scope is granted.
   */
  oauthGrantedScopes?: readonly string[];
  /**
   * Default false. Okta's "Require DPoP" on the service app (the default for apps created since
   * 2024): the token request needs a DPoP proof (typ dpop+jwt, RS256/ES256, the public key as `jwk`,
   * htm/htu/iat/jti) and is first answered 400 `use_dpop_nonce` with a `DPoP-Nonce` to sign; the
   * token issued is `token_type: DPoP`, bound to that key, and every API call with it needs
   * `Authorization: DPoP <token>` plus a fresh proof for that request with `ath`, or it gets 401
   * with `WWW-Authenticate: DPoP error="invalid_dpop_proof"`.
   */
  oauthRequireDpop?: boolean;
  /**
   * Default false. When true, GET /api/v1/logs answers 403 E0000006 to every caller, as for a
   * token whose admin (or an app whose admin role) may not read reports. OAuth tokens also need
   * the `okta.logs.read` scope either way.
   */
  logsForbidden?: boolean;
  /**
   * Default 0. Okta's System Log events become visible seconds to minutes after they happen:
   * with this set, an event is listed only this many ms after its `published` time.
   */
  logLagMs?: number;
  users?: SimulatorSeedUser[];
  /** Defaults: users-get 2000/60s, users-list 600/60s, lifecycle 600/60s, logs 60/60s, other 600/60s. */
  rateLimits?: Partial<Record<Bucket, RateLimitRule>>;
  /** Default null (off); a request over it gets 429 E0000047 with concurrency headers. */
  concurrencyLimit?: number | null;
  /** Added before every response, default 0. */
  latencyMs?: number;
  /** Default 5000: a second email to one recipient within it gets 429 E0000118. */
  emailCooldownMs?: number;
  /** The org's activation link lifetime (Security > General); default 7 days, as at Okta. */
  activationLinkDays?: number;
  /**
   * Default 0. Okta's `search` results "may lag writes by about a second": with this set, search
   * sees each user as they were this many ms ago (a user created since is not found); GET by
   * id or login and lifecycle calls see the current state. Seed users count as long indexed.
   */
  searchLagMs?: number;
  /** Clock in ms, default Date.now. */
  now?: () => number;
  /** Faults in force from the start (more can be added with `addFault`). */
  faults?: FaultRule[];
}

/** What a fault's match sees of a request. */
export interface FaultRequest {
  /** Upper case. */
  method: string;
  path: string;
  query: Record<string, string>;
  bucket: Bucket;
}

/** Which requests a fault hits; every field given must match, none given matches every request. */
export interface FaultMatch {
  method?: string;
  /** The exact path, or a pattern tested against it (e.g. /\/lifecycle\//). */
  path?: string | RegExp;
  bucket?: Bucket;
  when?: (request: FaultRequest) => boolean;
}

/**
 * A misbehaving Okta. `times`: the fault hits the next N matching requests, then is gone (default:
 * every matching request until removed).
 * - `hang`: the connection is accepted and the request read, and no answer ever comes (the socket
 *   stays open until the client gives up or the simulator closes). The request has no effect,
 *   unless `takeEffect` is set: then it is carried out (a lifecycle call sends its email) and only
 *   the answer is lost. The request holds a concurrency slot while its socket is open.
 * - `farReset`: 429 E0000047 with `X-Rate-Limit-Reset` far ahead (default an hour) of the `Date`
 *   header, Remaining 0 and the bucket's limit, as a lying proxy or a stepped clock would send.
 */
export type FaultRule =
  | { kind: 'hang'; match?: FaultMatch; times?: number; takeEffect?: boolean }
  | { kind: 'farReset'; match?: FaultMatch; times?: number; resetAheadSeconds?: number };

/** A request the simulator is holding without an answer (a `hang` fault). */
export interface HungRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  bucket: Bucket;
  requestId: string;
  at: number;
  /** Set when the request was carried out (`takeEffect`) and only its answer is withheld. */
  tookEffect: boolean;
}

export type EmailKind = 'activation' | 'welcome' | 'password_reset';

export interface OutboxEmail {
  to: string;
  userId: string;
  kind: EmailKind;
  at: number;
}

/** Okta LogEvent fields the simulator fills (Okta: System Log API, LogEvent object). */
export interface LogActor {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
}

export interface LogTarget {
  id: string;
  type: 'User';
  alternateId: string;
  displayName: string;
}

export interface SimLogEvent {
  uuid: string;
  /** ISO 8601, ms precision. */
  published: string;
  eventType: string;
  version: '0';
  displayMessage: string;
  severity: 'INFO' | 'WARN';
  actor: LogActor;
  outcome: { result: 'SUCCESS' | 'FAILURE'; reason: string | null };
  target: LogTarget[];
  debugContext: { debugData: Record<string, string> };
  transaction: { type: 'WEB' | 'JOB'; id: string };
}

/**
 * How the mail provider treats email to one recipient (Okta: states Bounce, Dropped, Blocked,
 * Deferred in `system.email.delivery` events). The email still reaches the outbox: Okta handed it
 * to the provider, and the lifecycle call succeeded.
 */
export interface DeliveryFailure {
  kind: 'bounce' | 'dropped' | 'blocked' | 'deferred';
  /** debugContext.debugData.ProviderMessage; a typical one per kind by default. */
  providerMessage?: string;
}

export interface CallRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  bucket: Bucket;
  errorCode: string | null;
  requestId: string;
  at: number;
  /** The SDK's X-Okta-Retry-For header (the request id of the 429 being retried). */
  retryFor: string | null;
}

export interface SetStatusOptions {
  activated?: string | null;
  transitioningToStatus?: string | null;
}

export interface OktaSimulator {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  readonly url: string;
  readonly apiToken: string;
  /** Live arrays: tests read them. */
  readonly outbox: OutboxEmail[];
  readonly calls: CallRecord[];
  getUser(idOrLogin: string): SimulatorUserSnapshot | undefined;
  addUser(user: SimulatorSeedUser): SimulatorUserSnapshot;
  setStatus(id: string, status: OktaStatus, opts?: SetStatusOptions): void;
  setRateLimit(bucket: Bucket, rule: RateLimitRule): void;
  /**
   * Test hook: `hook` sees each call as it is recorded, before its response leaves, so a test can
   * change a user between two requests of the client (say, after its GET, before its POST).
   */
  afterCall(hook: (call: CallRecord) => void): void;
  /** Requests held without an answer (`hang` faults), live: tests read it. */
  readonly hung: HungRequest[];
  /** Puts a fault in force now; returns a function that removes it. */
  addFault(rule: FaultRule): () => void;
  /** Removes every fault (requests already hung stay hung until their socket closes). */
  clearFaults(): void;
  /** Empties outbox, calls and hung (not the System Log: that is the org's data, like its users). */
  clearLogs(): void;
  /** The System Log, live, in the order the events happened (lag ignored): tests read it. */
  readonly logEvents: readonly SimLogEvent[];
  /** From now on, email to this address (case-insensitive) is not delivered; returns a function that undoes it. */
  failDelivery(email: string, failure: DeliveryFailure): () => void;
  /**
   * The person follows the link in their latest activation email (a mail scanner may have first):
   * within the org's lifetime and only once it activates them (status ACTIVE); otherwise Okta's
   * "token expired" page, and nothing changes.
   */
  followActivationLink(idOrLogin: string, at?: number): 'activated' | 'expired' | 'used' | 'no_link';
  /** Changes `logsForbidden` at run time. */
  setLogsForbidden(forbidden: boolean): void;
  count429(): number;
  /** Stops the server; every open socket is destroyed, hung ones included. */
  close(): Promise<void>;
}
