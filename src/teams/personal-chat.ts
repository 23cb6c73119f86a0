import { threadOf } from './thread.ts';
import type { TeamsTurn } from './teams-turn.ts';

/**
 * Says something to the person behind `turn` in their personal chat with the bot: for when the
 * conversation they acted in cannot be posted to (the app is not added there) and the invoke has
 * already been answered. The Bot Connector opens (or finds) the one-to-one chat
 * (`POST /v3/conversations`). Throws when that fails too (the app is not installed for them either).
 */
export async function tellInPersonalChat(turn: TeamsTurn, lines: string | readonly string[]): Promise<void> {
  const { activity } = turn;
  const tenantId = activity.conversation.tenantId;
  const created = await turn.connector.conversations.create({
    isGroup: false,
    bot: { id: activity.recipient.id, name: activity.recipient.name ?? '' },
    members: [{ id: activity.from.id, name: activity.from.name ?? '', role: 'user', ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}) }],
    ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
  });
  const chat: TeamsTurn = {
    activity: {
      type: 'event',
      channelId: activity.channelId,
      serviceUrl: activity.serviceUrl,
      conversation: { id: created.id, conversationType: 'personal', isGroup: false, ...(tenantId ? { tenantId } : {}) },
      from: activity.from,
      recipient: activity.recipient,
    },
    connector: turn.connector,
  };
  await threadOf(chat, null).say(lines);
}
