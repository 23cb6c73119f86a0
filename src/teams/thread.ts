import type { ActivityParams } from '@microsoft/teams.api';
import type { ReplyTarget } from '../core/approvals.ts';
import type { CardAttachment } from './cards/card-kit.ts';
import { replyTargetOf } from './conversation-reference.ts';
import { escapeMarkdown } from './escape-markdown.ts';
import { pathId, referenceOf, type ConversationRef, type TeamsTurn } from './teams-turn.ts';

/**
 * Posting into one conversation (a personal chat, a group chat, or a channel thread: Teams puts
 * `;messageid=<root>` in a thread's conversation id, so using the conversation id of the activity
 * we answer keeps replies in that thread; `conversationId` names another one, like the thread of
 * the message a message action was used on). Card and message ids come from the connector's
 * responses and are what later updates target.
 */
export interface Thread {
  /** Plain text, one paragraph per line; escaped here. Returns the new message's id. */
  say(lines: string | readonly string[]): Promise<string | null>;
  /** Text that is already escaped Markdown (built from escapeMarkdown pieces). */
  sayMarkdown(markdown: string): Promise<string | null>;
  sendCard(card: CardAttachment): Promise<string | null>;
  updateText(activityId: string, lines: string | readonly string[]): Promise<void>;
  updateCard(activityId: string, card: CardAttachment): Promise<void>;
  /** Where to report back later (kept with an approval by the core; opaque to it). */
  replyTarget(): ReplyTarget;
}

/** What a message carries besides its address: text or a card. */
type Content = { readonly text: string; readonly textFormat: 'markdown' } | { readonly attachments: readonly CardAttachment[] };

function textContent(lines: string | readonly string[]): Content {
  const list = typeof lines === 'string' ? [lines] : lines;
  // Explicit markdown: that is what escapeMarkdown escapes for (Teams' default as well).
  return { text: list.map(escapeMarkdown).join('\n\n'), textFormat: 'markdown' };
}

/**
 * `replyToId` is the activity the bot answers (the user's message or click), or null to post
 * without one (an invoke has no message to reply to). Every activity is addressed from the turn's
 * conversation reference, as the Bot Connector expects of a bot's message: from the bot, to the
 * person, in the conversation, with its channel and service URL.
 */
export function threadOf(turn: TeamsTurn, replyToId: string | null, conversationId?: string): Thread {
  const { activityId: _ignored, ...own } = referenceOf(turn.activity);
  // Another conversation of the same kind (a channel post's thread rather than the invoke's own id).
  const base: ConversationRef = conversationId && own.conversation ? { ...own, conversation: { ...own.conversation, id: conversationId } } : own;
  const reference: ConversationRef = replyToId ? { ...base, activityId: replyToId } : base;
  const target = reference.conversation?.id ?? '';

  const outbound = (content: Content, id?: string): ActivityParams =>
    ({
      type: 'message',
      ...(id ? { id } : {}),
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: reference.conversation,
      from: reference.bot,
      ...(reference.user?.id ? { recipient: reference.user } : {}),
      ...(reference.locale ? { locale: reference.locale } : {}),
      ...(reference.activityId ? { replyToId: reference.activityId } : {}),
      ...content,
    }) as unknown as ActivityParams;

  const send = async (content: Content): Promise<string | null> => {
    const response = await turn.connector.conversations.createActivity(pathId(target), outbound(content));
    return response?.id || null;
  };
  const update = async (activityId: string, content: Content): Promise<void> => {
    await turn.connector.conversations.updateActivity(pathId(target), pathId(activityId), outbound(content, activityId));
  };

  return {
    say: (lines) => send(textContent(lines)),
    sayMarkdown: (markdown) => send({ text: markdown, textFormat: 'markdown' }),
    sendCard: (card) => send({ attachments: [card] }),
    updateText: (activityId, lines) => update(activityId, textContent(lines)),
    updateCard: (activityId, card) => update(activityId, { attachments: [card] }),
    replyTarget: () => replyTargetOf(reference),
  };
}
