import type { CloudAdapter, ConversationParameters, TurnContext } from 'botbuilder';
import { threadOf } from './thread.ts';

/** The Bot Connector's audience in the public cloud (what continueConversation uses by default). */
const BOT_CONNECTOR_AUDIENCE = 'https://api.botframework.com';

/**
 * Says something to the person behind `context` in their personal chat with the bot: for when the
 * conversation they acted in cannot be posted to (the app is not added there) and the invoke has
 * already been answered. Throws when that fails too (the app is not installed for them either).
 */
export async function tellInPersonalChat(context: TurnContext, appId: string, lines: string | readonly string[]): Promise<void> {
  const { activity } = context;
  const tenantId = activity.conversation.tenantId;
  const parameters = {
    isGroup: false,
    bot: activity.recipient,
    members: [activity.from],
    ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
  } as ConversationParameters;
  const failures: unknown[] = [];
  // Errors inside the callback would go to onTurnError and be swallowed: keep them for the caller.
  await (context.adapter as CloudAdapter).createConversationAsync(appId, activity.channelId, activity.serviceUrl, BOT_CONNECTOR_AUDIENCE, parameters, async (chat) => {
    await threadOf(chat, null)
      .say(lines)
      .catch((error: unknown) => void failures.push(error));
  });
  if (failures.length > 0) throw failures[0];
}
