import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger.ts';
import type { Requester } from '../core/requester.ts';

/**
 * The person behind an activity, as the core needs them. The AAD object id is what
 * HELPDESK_USERS names; the email comes from the Teams roster (it is not in the activity), and a
 * roster failure only costs the email (then the core decides with the id alone).
 */
export async function teamsRequester(context: TurnContext, logger: Logger, teamId: string | null = null): Promise<Requester> {
  const from = context.activity.from;
  let email: string | null = null;
  try {
    // A proactive turn carries no channelData, so a job passes the team id of the turn it came from.
    const member = teamId ? await TeamsInfo.getTeamMember(context, teamId, from.id) : await TeamsInfo.getMember(context, from.id);
    email = typeof member.email === 'string' && member.email.includes('@') ? member.email : null;
  } catch (error) {
    logger.debug({ err: error, userId: from.aadObjectId }, 'teams roster lookup failed; continuing without an email');
  }
  return {
    surface: 'teams',
    // Without an AAD object id (guests of other clouds, the Emulator) no role can match.
    userId: from.aadObjectId ?? from.id,
    email,
    displayName: from.name?.trim() || 'a Teams user',
    groupIds: [],
  };
}
