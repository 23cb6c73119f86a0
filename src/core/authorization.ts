import type { Requester } from './requester.ts';

/**
 * Roles from configuration. `operator` is the command line: it acts with the operator's own Okta
 * credentials, so chat roles cannot add anything there.
 */
export type Role = 'helpdesk' | 'approver' | 'admin' | 'operator';

export interface RoleLists {
  /** HELPDESK_USERS: resend directly. */
  readonly helpdesk: readonly string[];
  /** APPROVER_USERS: approve managers' requests. Empty: helpdesk approves (design.md). */
  readonly approvers: readonly string[];
  /** ADMIN_USERS: everything, including reactivating deactivated accounts. */
  readonly admins: readonly string[];
}

/** The authorization port: the same rules for Slack, Teams and the console. */
export interface AccessPolicy {
  rolesOf(requester: Requester): ReadonlySet<Role>;
}

export type Roles = ReadonlySet<Role>;

/** Who may do what. Managers (no role) may still ask: see ResendService.prepare. */
export const can = {
  resendDirectly: (roles: Roles) => roles.has('helpdesk') || roles.has('admin') || roles.has('operator'),
  approve: (roles: Roles) => roles.has('approver') || roles.has('admin'),
  sendPasswordReset: (roles: Roles) => roles.has('helpdesk') || roles.has('admin'),
  activateDeprovisioned: (roles: Roles) => roles.has('admin'),
};

/**
 * Entries are Slack user ids (U…/W…), Slack user-group ids (S…), Teams AAD object ids (GUIDs) or
 * emails; emails and GUIDs compare case-insensitively.
 */
export function createRolePolicy(lists: RoleLists): AccessPolicy {
  const normalise = (entries: readonly string[]) => new Set(entries.map((entry) => entry.trim().toLowerCase()).filter(Boolean));
  const helpdesk = normalise(lists.helpdesk);
  const approvers = normalise(lists.approvers.length > 0 ? lists.approvers : lists.helpdesk);
  const admins = normalise(lists.admins);
  return {
    rolesOf(requester) {
      if (requester.surface === 'cli') return new Set<Role>(['operator']);
      // A Workflow Builder step acts as helpdesk: only helpdesk may add it to a workflow (the
      // Slack surface restricts the step to the helpdesk's users at start-up and refuses to run
      // it while that restriction is not in place), so what a workflow asks, helpdesk set up.
      // Never admin: deactivated accounts stay a person's decision.
      if (requester.workflowStep) return new Set<Role>(['helpdesk']);
      const candidates = [requester.userId, requester.email ?? '', ...requester.groupIds].filter(Boolean).map((c) => c.toLowerCase());
      const matches = (set: Set<string>) => candidates.some((candidate) => set.has(candidate));
      const roles = new Set<Role>();
      if (matches(admins)) roles.add('admin').add('approver').add('helpdesk');
      if (matches(helpdesk)) roles.add('helpdesk');
      if (matches(approvers)) roles.add('approver');
      return roles;
    },
  };
}

export type RoleEntryKind = 'slack_user' | 'slack_group' | 'aad_object' | 'email';

/**
 * What a role-list entry names, or null when it names nothing we can match. Slack ids are upper
 * case and at least nine characters (U024BE7LH, S0614TZR7); a word like "support" is none of these.
 */
export function roleEntryKind(entry: string): RoleEntryKind | null {
  const value = entry.trim();
  if (/^[UW][A-Z0-9]{8,}$/.test(value)) return 'slack_user';
  if (/^S[A-Z0-9]{8,}$/.test(value)) return 'slack_group';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 'aad_object';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'email';
  return null;
}

/** The Slack user-group ids (S…) the role lists name, so an adapter knows which memberships to check. */
export function groupIdsIn(entries: readonly string[]): string[] {
  return entries.map((entry) => entry.trim()).filter((entry) => roleEntryKind(entry) === 'slack_group');
}
