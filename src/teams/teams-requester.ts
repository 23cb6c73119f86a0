import type { Logger } from '../logging/logger.ts';
import type { Requester } from '../core/requester.ts';
import { pathId, type TeamsTurn } from './teams-turn.ts';

/**
 * The person behind an activity, as the core needs them. The AAD object id is what
 * HELPDESK_USERS names; the email comes from the Teams roster (it is not in the activity), and a
 * roster failure only costs the email (then the core decides with the id alone).
 */
export async function teamsRequester(turn: TeamsTurn, logger: Logger, teamId: string | null = null): Promise<Requester> {
  const { from } = turn.activity;
  let email: string | null = null;
  try {
    // In a team the roster is the team's (GET /v3/conversations/{team id}/members/{user}); in a chat,
    // the conversation's. A proactive turn carries no channelData, so a job passes the team id.
    const roster = teamId ?? teamIdOf(turn.activity.channelData) ?? turn.activity.conversation.id;
    const member = await turn.connector.conversations.getMemberById(pathId(roster), pathId(from.id));
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

/** The team a channel activity comes from (`channelData.team.id`), if any. */
export function teamIdOf(channelData: unknown): string | null {
  const id = (channelData as { team?: { id?: unknown } } | null | undefined)?.team?.id;
  return typeof id === 'string' && id ? id : null;
}
