import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { ReplyTarget } from '../core/approvals.ts';
import type { CardAttachment } from './cards/card-kit.ts';
import { replyTargetOf } from './conversation-reference.ts';
import { escapeMarkdown } from './escape-markdown.ts';

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

function textActivity(lines: string | readonly string[]): Partial<Activity> {
  const list = typeof lines === 'string' ? [lines] : lines;
  // Explicit markdown: that is what escapeMarkdown escapes for (Teams' default as well).
  return { text: list.map(escapeMarkdown).join('\n\n'), textFormat: 'markdown' };
}

/**
 * `replyToId` is the activity the bot answers (the user's message or click), or null to post
 * without one (an invoke has no message to reply to). Activities are built from the turn's
 * conversation reference and handed to the adapter directly: TurnContext.sendActivity would set
 * replyToId to the turn's own id, which in a proactive turn is a random one.
 */
export function threadOf(context: TurnContext, replyToId: string | null, conversationId?: string): Thread {
  const { activityId: _ignored, ...turn } = TurnContext.getConversationReference(context.activity);
  // Another conversation of the same kind (a channel post's thread rather than the invoke's own id).
  const base = conversationId && turn.conversation ? { ...turn, conversation: { ...turn.conversation, id: conversationId } } : turn;
  const reference: Partial<ConversationReference> = replyToId ? { ...base, activityId: replyToId } : base;

  const send = async (partial: Partial<Activity>): Promise<string | null> => {
    const activity = TurnContext.applyConversationReference({ type: 'message', ...partial }, reference);
    const [response] = await context.adapter.sendActivities(context, [activity]);
    return response?.id || null;
  };
  const update = async (activityId: string, partial: Partial<Activity>): Promise<void> => {
    const activity = TurnContext.applyConversationReference({ type: 'message', ...partial, id: activityId }, reference);
    await context.adapter.updateActivity(context, activity);
  };

  return {
    say: (lines) => send(textActivity(lines)),
    sayMarkdown: (markdown) => send({ text: markdown, textFormat: 'markdown' }),
    sendCard: (card) => send({ attachments: [card] }),
    updateText: (activityId, lines) => update(activityId, textActivity(lines)),
    updateCard: (activityId, card) => update(activityId, { attachments: [card] }),
    replyTarget: () => replyTargetOf(reference),
  };
}
