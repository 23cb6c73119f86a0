import type { DirectoryUser } from './directory-user.ts';
import type { Identifier, RejectedInput } from './identifiers.ts';
import type { Resolution } from './lifecycle.ts';
import type { Requester } from './requester.ts';
import { decideResend, skip, type PolicyDecision } from './resend-policy.ts';

export interface PlanEntry {
  readonly identifier: Identifier;
  /** The one user this identifier resolved to; null when not found or ambiguous. */
  readonly user: DirectoryUser | null;
  /** Every match when an email was ambiguous (listed to the requester, never guessed). */
  readonly matches: readonly DirectoryUser[];
  readonly decision: PolicyDecision;
}

export interface PlanCounts {
  readonly send: number;
  readonly skip: number;
  readonly rejected: number;
  readonly duplicates: number;
}

export interface Plan {
  readonly id: string;
  readonly requester: Requester;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly entries: readonly PlanEntry[];
  readonly rejected: readonly RejectedInput[];
  readonly duplicates: number;
  readonly counts: PlanCounts;
}

export interface PlanDraft {
  readonly id: string;
  readonly requester: Requester;
  readonly now: number;
  readonly ttlMs: number;
  readonly resolutions: readonly Resolution[];
  readonly rejected: readonly RejectedInput[];
  readonly duplicates: number;
}

/** Applies the resend policy to every resolved identifier. Each Okta user appears once. */
export function buildPlan(draft: PlanDraft): Plan {
  const firstLineByUser = new Map<string, number>();
  const entries = draft.resolutions.map((resolution): PlanEntry => {
    const { identifier, matches } = resolution;
    if (resolution.error) {
      return { identifier, user: null, matches: [], decision: skip('lookup_failed', resolution.error, 'Try again shortly.') };
    }
    if (matches.length === 0) {
      return {
        identifier,
        user: null,
        matches,
        decision: skip('not_found', 'No Okta user has this login, email or id.', 'Check the spelling, or look for the user in Okta.'),
      };
    }
    if (matches.length > 1) {
      return {
        identifier,
        user: null,
        matches,
        decision: skip(
          'ambiguous',
          `${matches.length} Okta users have this email: ${matches.map((user) => user.login).join(', ')}.`,
          'Name the user by login instead.',
        ),
      };
    }
    const user = matches[0] as DirectoryUser;
    const earlierLine = firstLineByUser.get(user.id);
    if (earlierLine !== undefined) {
      return { identifier, user, matches, decision: skip('duplicate_user', `Same person as line ${earlierLine}.`) };
    }
    firstLineByUser.set(user.id, identifier.line);
    return { identifier, user, matches, decision: decideResend(user) };
  });
  return {
    id: draft.id,
    requester: draft.requester,
    createdAt: draft.now,
    expiresAt: draft.now + draft.ttlMs,
    entries,
    rejected: draft.rejected,
    duplicates: draft.duplicates,
    counts: {
      send: entries.filter((entry) => entry.decision.kind === 'send').length,
      skip: entries.filter((entry) => entry.decision.kind === 'skip').length,
      rejected: draft.rejected.length,
      duplicates: draft.duplicates,
    },
  };
}
