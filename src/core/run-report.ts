import type { UserStatus } from './directory-user.ts';
import type { Identifier, RejectedInput } from './identifiers.ts';
import type { DirectoryErrorCode, LifecycleAction } from './lifecycle.ts';
import type { Requester } from './requester.ts';
import type { SkipReason } from './resend-policy.ts';

export type Outcome = 'sent' | 'skipped' | 'failed';

/**
 * Reasons that come from the run, not from Okta or the policy. `in_doubt`: the lifecycle call may
 * or may not have reached Okta (it timed out, or the process died with it in flight), so it is
 * not retried blindly. `not_started`: the run stopped before this user's turn (nothing was sent).
 */
export type RunReason = 'in_doubt' | 'not_started';

/** One user's result. `message` and `hint` are plain text; adapters escape them. */
export interface EntryResult {
  readonly identifier: Identifier;
  readonly userId: string | null;
  readonly login: string | null;
  readonly statusBefore: UserStatus | null;
  /** The lifecycle call made last, if any. */
  readonly action: LifecycleAction | null;
  readonly outcome: Outcome;
  readonly reason: SkipReason | DirectoryErrorCode | RunReason | null;
  readonly message: string;
  readonly hint: string | null;
  /** Okta's X-Okta-Request-Id of the lifecycle call, for support tickets and the audit log. */
  readonly requestId: string | null;
  /** Views show the requester nothing Okta holds for this user (see PlanEntry.restricted). */
  readonly restricted: boolean;
}

export interface RunCounts {
  readonly sent: number;
  readonly skipped: number;
  /** Failures, in-doubt users included (they need someone to look). */
  readonly failed: number;
  /** Of the failures, users whose email may or may not have gone out (never retried blindly). */
  readonly inDoubt: number;
}

export interface RunReport {
  readonly planId: string;
  readonly requester: Requester;
  readonly confirmedBy: Requester;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly results: readonly EntryResult[];
  readonly rejected: readonly RejectedInput[];
  readonly counts: RunCounts;
}

export function countOutcomes(results: readonly EntryResult[]): RunCounts {
  let sent = 0;
  let skipped = 0;
  let failed = 0;
  let inDoubt = 0;
  for (const result of results) {
    if (result.outcome === 'sent') sent += 1;
    else if (result.outcome === 'skipped') skipped += 1;
    else failed += 1;
    if (result.reason === 'in_doubt') inDoubt += 1;
  }
  return { sent, skipped, failed, inDoubt };
}
