import type { Requester } from './requester.ts';

export type AuthorizationDecision =
  | { readonly allowed: true; readonly role: 'helpdesk' | 'operator' }
  | { readonly allowed: false; readonly reason: string };

/** The authorization port: the same rules for Slack, Teams and the console. */
export interface AccessPolicy {
  authorize(requester: Requester): AuthorizationDecision;
}

/**
 * HELPDESK_USERS allow-list: Slack user ids (U…/W…), Slack user-group ids (S…), Teams AAD object
 * ids (GUIDs) or emails. Emails and GUIDs compare case-insensitively. The command line is always
 * allowed: it acts with the operator's own Okta token, so chat roles cannot add anything there.
 */
export function createAllowListPolicy(entries: readonly string[]): AccessPolicy {
  const allowed = new Set(entries.map((entry) => entry.trim().toLowerCase()).filter(Boolean));
  return {
    authorize(requester) {
      if (requester.surface === 'cli') return { allowed: true, role: 'operator' };
      const candidates = [requester.userId, requester.email ?? '', ...requester.groupIds];
      if (candidates.some((candidate) => candidate && allowed.has(candidate.toLowerCase()))) {
        return { allowed: true, role: 'helpdesk' };
      }
      return {
        allowed: false,
        reason:
          'Only helpdesk staff can resend activation emails. Ask your helpdesk, or an admin to add you to HELPDESK_USERS.',
      };
    },
  };
}

/** The Slack user-group ids (S…) an allow-list names, so an adapter knows which memberships to check. */
export function groupIdsIn(entries: readonly string[]): string[] {
  return entries.map((entry) => entry.trim()).filter((entry) => /^S[A-Z0-9]{6,}$/.test(entry));
}
