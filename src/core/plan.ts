import type { DirectoryUser } from './directory-user.ts';
import type { Identifier, RejectedInput } from './identifiers.ts';
import type { Resolution } from './lifecycle.ts';
import type { Requester } from './requester.ts';
import { decideFor, skip, type AlternativeAction, type PlanKind, type PolicyDecision } from './resend-policy.ts';

/** `approval`: the requester may not send to this user directly (a manager asking for someone else's hire). */
export type Authority = 'direct' | 'approval';

export interface PlanEntry {
  readonly identifier: Identifier;
  /** The one user this identifier resolved to; null when not found or ambiguous. */
  readonly user: DirectoryUser | null;
  /** Every match when an email was ambiguous (listed to the requester, never guessed). */
  readonly matches: readonly DirectoryUser[];
  readonly decision: PolicyDecision;
  readonly authority: Authority;
  /**
   * The requester may not see what Okta holds for this row: a requester without a role (a
   * manager) and anyone who is not their direct report, or nobody found. Views show no status,
   * login or reason for it, so a request cannot be used to look people up; the audit keeps all.
   */
  readonly restricted: boolean;
}

export interface PlanCounts {
  /** Lifecycle calls the requester's confirmation will make now. */
  readonly send: number;
  /** Calls that wait for an approver after the requester confirms. */
  readonly approval: number;
  readonly skip: number;
  readonly rejected: number;
  readonly duplicates: number;
}

export interface Plan {
  readonly id: string;
  readonly kind: PlanKind;
  /** The plan an alternative (password reset, deactivated accounts) was offered from. */
  readonly parentId: string | null;
  readonly requester: Requester;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly entries: readonly PlanEntry[];
  readonly rejected: readonly RejectedInput[];
  readonly duplicates: number;
  readonly counts: PlanCounts;
  /** Alternatives this requester may choose next, with how many users each would reach. */
  readonly offers: Readonly<Partial<Record<AlternativeAction, number>>>;
  /** How the people were named: a file's results come back as a file too, however few. */
  readonly source: PlanSource;
  /**
   * "Send anyway" to users left in doubt by an earlier run (parentId): sent even inside the
   * suppression window, because that window holds exactly them. Confirming it is the explicit choice.
   */
  readonly forced?: boolean;
}

export type PlanSource = 'text' | 'message' | 'html' | 'file';

export interface PlanDraft {
  readonly id: string;
  readonly kind?: PlanKind;
  readonly parentId?: string | null;
  readonly source?: PlanSource;
  readonly requester: Requester;
  readonly now: number;
  readonly ttlMs: number;
  readonly resolutions: readonly Resolution[];
  readonly rejected: readonly RejectedInput[];
  readonly duplicates: number;
  /** Decides, per user, whether the requester may send directly. Default: direct. */
  readonly authorityFor?: (user: DirectoryUser) => Authority;
  /** Alternatives the requester's roles allow; the plan counts who each would reach. */
  readonly allowedOffers?: readonly AlternativeAction[];
  /** Users this bot emailed within the suppression window: shown as skipped, not counted as sends. */
  readonly recentlySent?: ReadonlySet<string>;
  readonly suppressionMinutes?: number;
  readonly forced?: boolean;
}

/** Applies the resend policy (or an alternative) to every resolved identifier. Each Okta user appears once. */
export function buildPlan(draft: PlanDraft): Plan {
  const kind = draft.kind ?? 'resend';
  const firstLineByUser = new Map<string, number>();
  const entries = draft.resolutions.map((resolution): PlanEntry => {
    const { identifier, matches } = resolution;
    const entry = (decision: PolicyDecision, user: DirectoryUser | null = null): PlanEntry => {
      const authority = user && draft.authorityFor ? draft.authorityFor(user) : 'direct';
      return {
        identifier,
        user,
        matches,
        decision,
        authority: decision.kind === 'send' ? authority : 'direct',
        restricted: draft.authorityFor !== undefined && !(user && authority === 'direct'),
      };
    };
    if (resolution.error) return entry(skip('lookup_failed', resolution.error, 'Try again shortly.'));
    if (matches.length === 0) {
      return entry(skip('not_found', 'No Okta user has this login, email or id.', 'Check the spelling, or look for the user in Okta.'));
    }
    if (matches.length > 1) {
      const logins = matches.map((user) => user.login).join(', ');
      // An address that is one user's login and another's email stays ambiguous however it is typed:
      // the Okta id is the one name that always tells them apart.
      const ids = matches.map((user) => `${user.id} (${user.login})`).join(', ');
      return entry(skip('ambiguous', `${matches.length} Okta users go by this address (as login or email): ${logins}.`, `Name the one you mean by Okta user id: ${ids}.`));
    }
    const user = matches[0] as DirectoryUser;
    const earlierLine = firstLineByUser.get(user.id);
    if (earlierLine !== undefined) return entry(skip('duplicate_user', `Same person as line ${earlierLine}.`), user);
    firstLineByUser.set(user.id, identifier.line);
    const decision = decideFor(kind, user);
    if (decision.kind === 'send' && draft.recentlySent?.has(user.id)) {
      const minutes = draft.suppressionMinutes ?? 10;
      return entry(skip('recently_sent', `This bot emailed them in the last ${minutes} minutes.`, 'Wait for the window to pass, so that they are not emailed twice.'), user);
    }
    return entry(decision, user);
  });
  const sends = entries.filter((e) => e.decision.kind === 'send');
  const offers: Partial<Record<AlternativeAction, number>> = {};
  for (const alternative of draft.allowedOffers ?? []) {
    const reach = entries.filter((e) => e.decision.kind === 'skip' && e.decision.alternative === alternative).length;
    if (reach > 0) offers[alternative] = reach;
  }
  return {
    id: draft.id,
    kind,
    parentId: draft.parentId ?? null,
    requester: draft.requester,
    createdAt: draft.now,
    expiresAt: draft.now + draft.ttlMs,
    entries,
    rejected: draft.rejected,
    duplicates: draft.duplicates,
    counts: {
      send: sends.filter((e) => e.authority === 'direct').length,
      approval: sends.filter((e) => e.authority === 'approval').length,
      skip: entries.length - sends.length,
      rejected: draft.rejected.length,
      duplicates: draft.duplicates,
    },
    offers,
    source: draft.source ?? 'text',
    ...(draft.forced ? { forced: true } : {}),
  };
}
