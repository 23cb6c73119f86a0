import type { DirectoryUser } from './directory-user.ts';
import type { Identifier } from './identifiers.ts';

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
  | 'unavailable'; // network errors, 5xx, non-JSON bodies

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

/** The directory port: implemented by the Okta gateway (src/okta), faked nowhere. */
export interface UserDirectory {
  /** Resolves many identifiers, batching where the directory allows. One Resolution per identifier, same order. */
  resolve(identifiers: readonly Identifier[]): Promise<Resolution[]>;
  /** Re-reads one user by id (after a status moved); null when the user is gone. */
  getUser(userId: string): Promise<DirectoryUser | null>;
  /** Runs one lifecycle call with sendEmail=true. Never returns a link or token. */
  runLifecycle(userId: string, action: LifecycleAction): Promise<LifecycleResult>;
}
