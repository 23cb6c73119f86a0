import type { WebClient } from './slack-types.ts';
import type { Requester } from '../core/requester.ts';
import type { Logger } from '../logging/logger.ts';

/** How long a user-group's member list is trusted: role changes apply within a minute. */
const GROUP_CACHE_MS = 60_000;

/**
 * The Slack user as the core needs them: the user id, their email (users.info, scope
 * users:read.email) and the user-groups named in the role lists they belong to
 * (usergroups.users.list). Lookups that fail cost only that piece: the core then decides on less.
 */
export function createRequesterLookup(client: WebClient, roleGroupIds: readonly string[], logger: Logger) {
  const groups = new Map<string, { members: Set<string>; at: number }>();

  async function membersOf(groupId: string): Promise<Set<string>> {
    const cached = groups.get(groupId);
    if (cached && Date.now() - cached.at < GROUP_CACHE_MS) return cached.members;
    const result = await client.usergroups.users.list({ usergroup: groupId });
    const members = new Set(result.users ?? []);
    groups.set(groupId, { members, at: Date.now() });
    return members;
  }

  return async function requesterOf(userId: string): Promise<Requester> {
    let email: string | null = null;
    let displayName = userId;
    try {
      const { user } = await client.users.info({ user: userId });
      email = user?.profile?.email ?? null;
      displayName = user?.profile?.display_name || user?.real_name || user?.name || userId;
    } catch (error) {
      logger.warn({ err: error, userId }, 'slack users.info failed; deciding without an email');
    }
    const groupIds: string[] = [];
    for (const groupId of roleGroupIds) {
      try {
        if ((await membersOf(groupId)).has(userId)) groupIds.push(groupId);
      } catch (error) {
        logger.warn({ err: error, groupId }, 'slack usergroups.users.list failed');
      }
    }
    return { surface: 'slack', userId, email, displayName, groupIds };
  };
}

export type RequesterLookup = ReturnType<typeof createRequesterLookup>;
