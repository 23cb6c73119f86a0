import type { DirectoryUser } from './directory-user.ts';
import type { Identifier } from './identifiers.ts';
import type { LogVerdict } from './runs/in-doubt.ts';
import type { BounceRemoval, DeliveryRead, EmailedUser } from './delivery.ts';

/** The lifecycle calls the bot may make. Each always runs with sendEmail=true. */
export type LifecycleAction = 'activate' | 'reactivate' | 'reset_password';

/** Error classes the core branches on, mapped by the gateway from Okta's errorCode. */
export type DirectoryErrorCode =
  | 'already_active' // E0000016
  | 'not_allowed_in_status' // E0000038 / E0000017
  | 'not_found' // E0000007
  | 'rate_limited' // E0000047 after the SDK's own retries
  | 'email_recently_sent' // E0000118
  | 'forbidden' // E0000006
  | 'unauthorized' // E0000011
  | 'invalid_request' // E0000001
  | 'unavailable' // network errors, 5xx, non-JSON bodies
  | 'timeout'; // no answer within OKTA_TIMEOUT_SECONDS: the request may have reached Okta (outcome unknown)

export type LifecycleResult =
  | { readonly ok: true; readonly requestId: string | null }
  | {
      readonly ok: false;
      readonly code: DirectoryErrorCode;
      readonly errorCode: string | null;
      readonly summary: string;
      readonly requestId: string | null;
    };

/** What looking one identifier up found. Several matches make it ambiguous. */
export interface Resolution {
  readonly identifier: Identifier;
  readonly matches: readonly DirectoryUser[];
  /** Set when the lookup itself failed (not the same as "no user"). */
  readonly error?: string;
}

/** One read the directory made (a batched search or a GET of one user), for the audit trail. */
export interface DirectoryRead {
  /** e.g. `GET /api/v1/users?search` (the values are in the request and plan lines) or `GET /api/v1/users/{id}`. */
  readonly endpoint: string;
  /** The identifiers one search asked for at once; 1 for a GET. */
  readonly asked: number;
  /** Users that came back. */
  readonly found: number;
  /** `ok`, or the error class the gateway mapped Okta's errorCode to (`not_found` for a GET of a user who is gone). */
  readonly result: string;
  readonly errorCode: string | null;
  /** X-Okta-Request-Id of every response the read took: each page, and each 429 the SDK retried. */
  readonly requestIds: readonly string[];
}

/** Told of each read as soon as Okta answered it. */
export type ReadObserver = (read: DirectoryRead) => void;

/** The directory port: implemented by the Okta gateway (src/okta), faked nowhere. */
export interface UserDirectory {
  /** Resolves many identifiers, batching where the directory allows. One Resolution per identifier, same order. */
  resolve(identifiers: readonly Identifier[], onRead?: ReadObserver): Promise<Resolution[]>;
  /** Re-reads one user by id (after a status moved); null when the user is gone. */
  getUser(userId: string, onRead?: ReadObserver): Promise<DirectoryUser | null>;
  /** Runs one lifecycle call with sendEmail=true. Never returns a link or token. */
  runLifecycle(userId: string, action: LifecycleAction): Promise<LifecycleResult>;
  /**
   * Whether Okta's System Log records this lifecycle call for this user since then ('unknown'
   * when the bot may not read the log). Used only for calls whose answer was lost.
   */
  lifecycleLogged?(userId: string, action: LifecycleAction, sinceMs: number): Promise<LogVerdict>;
  /**
   * How many lifecycle calls in flight would keep the org's rate limit busy right now (its rate ×
   * Okta's latency, within a safe share of Okta's concurrency limit). A run uses
   * min(RESEND_CONCURRENCY, this) and follows it as it changes; without it, RESEND_CONCURRENCY.
   */
  lifecycleConcurrency?(): number;
  /** Failed deliveries of these users' emails between the times (Okta's System Log); never throws. */
  deliveryFailures?(users: readonly EmailedUser[], sinceMs: number, untilMs: number): Promise<DeliveryRead>;
  /** Takes addresses off Okta's email bounce list (okta.orgs.manage); never throws. */
  removeFromBounceList?(addresses: readonly string[]): Promise<BounceRemoval>;
}
