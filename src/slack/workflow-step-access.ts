import type { Requester } from '../core/requester.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { BotIdentity } from './bot-identity.ts';
import type { WebClient } from './slack-types.ts';

/** The custom step's callback id: manifests/slack.yaml `functions` and app.function agree on it. */
export const WORKFLOW_STEP = 'resend_okta_activation';

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_GROUP = /^S[A-Z0-9]{2,}$/;

export interface WorkflowStepAccess {
  /**
   * Restricts who may add the step to a workflow to the helpdesk's Slack users (Slack's step
   * access controls); true once Slack confirmed it. Tried again on each call until it worked.
   */
  ensure(): Promise<boolean>;
}

/**
 * The core lets a workflow step act as helpdesk (authorization.ts) because only helpdesk can put
 * the step into a workflow. That holds once `functions.distributions.permissions.set` named
 * exactly those users (`named_entities`); until Slack confirmed it, the step refuses to run.
 * Who is helpdesk is the core's answer for each role entry: user ids as they are, user-groups by
 * their members, emails by the Slack user who has them; Teams ids are not Slack users.
 */
export function createWorkflowStepAccess(client: WebClient, identity: Pick<BotIdentity, 'appId'>, service: ResendService, roleEntries: readonly string[], logger: Logger): WorkflowStepAccess {
  let restricted = false;
  let pending: Promise<boolean> | null = null;

  const probe = (entry: string): Requester | null => {
    const base = { surface: 'slack' as const, userId: '', email: null, displayName: entry, groupIds: [] as string[] };
    if (SLACK_USER.test(entry)) return { ...base, userId: entry };
    if (SLACK_GROUP.test(entry)) return { ...base, groupIds: [entry] };
    if (entry.includes('@')) return { ...base, email: entry };
    return null;
  };

  async function helpdeskUserIds(): Promise<string[]> {
    const ids = new Set<string>();
    for (const raw of roleEntries) {
      const entry = raw.trim();
      const requester = probe(entry);
      if (!requester || !service.rolesOf(requester).has('helpdesk')) continue;
      if (requester.userId) ids.add(entry);
      else if (requester.groupIds.length > 0) for (const member of (await client.usergroups.users.list({ usergroup: entry })).users ?? []) ids.add(member);
      else {
        const found = await client.users.lookupByEmail({ email: entry }).catch((error: unknown) => {
          logger.warn({ err: error, entry }, 'slack users.lookupByEmail failed; that helpdesk entry cannot add the workflow step');
          return null;
        });
        if (found?.user?.id) ids.add(found.user.id);
      }
    }
    return [...ids];
  }

  async function restrict(): Promise<boolean> {
    try {
      const appId = await identity.appId();
      if (!appId) throw new Error('Slack did not say which app this is (auth.test gave no app_id)');
      const userIds = await helpdeskUserIds();
      if (userIds.length === 0) throw new Error('HELPDESK_USERS names no Slack user (ids, user-groups or emails of Slack users)');
      await client.apiCall('functions.distributions.permissions.set', {
        function_app_id: appId,
        function_callback_id: WORKFLOW_STEP,
        permission_type: 'named_entities',
        user_ids: userIds.join(','),
      });
      logger.info({ users: userIds.length }, 'slack workflow step restricted to helpdesk');
      return true;
    } catch (error) {
      logger.warn({ err: error }, 'slack workflow step could not be restricted to helpdesk; it refuses to run until it is');
      return false;
    }
  }

  return {
    ensure() {
      if (restricted) return Promise.resolve(true);
      pending ??= restrict().then((ok) => {
        restricted = ok;
        pending = null;
        return ok;
      });
      return pending;
    },
  };
}
