/** Where a request came from. The command line runs with the operator's own Okta credentials. */
export type Surface = 'slack' | 'teams' | 'console' | 'cli';

/** The person asking, as an adapter saw them. Authorization decides on this alone. */
export interface Requester {
  readonly surface: Surface;
  /** Slack user id (U…), Teams AAD object id (GUID), console user name, or the CLI operator. */
  readonly userId: string;
  readonly email: string | null;
  readonly displayName: string;
  /** Slack user-group ids (S…) the adapter found this user in. */
  readonly groupIds: readonly string[];
  /**
   * Set when no person asks but a Slack Workflow Builder step does (`userId` is then
   * `workflow:<execution id>`). Its rights: see createRolePolicy.
   */
  readonly workflowStep?: true;
}

export function sameRequester(a: Requester, b: Requester): boolean {
  return a.surface === b.surface && a.userId === b.userId;
}
