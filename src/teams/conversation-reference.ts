import type { ConversationRef } from './teams-turn.ts';
import type { ReplyTarget } from '../core/approvals.ts';

/**
 * A conversation the bot may post into later, as plain strings: the core keeps it with an approval
 * (opaque to it) so the outcome can be reported back hours later, and the approval channel is
 * reached with the requester's serviceUrl, tenant and bot identity (same tenant, same bot).
 */
export function replyTargetOf(reference: ConversationRef): ReplyTarget {
  const target: Record<string, string> = {
    surface: 'teams',
    channelId: reference.channelId ?? 'msteams',
    serviceUrl: reference.serviceUrl ?? '',
    conversationId: reference.conversation?.id ?? '',
  };
  if (reference.conversation?.tenantId) target.tenantId = reference.conversation.tenantId;
  if (reference.conversation?.conversationType) target.conversationType = reference.conversation.conversationType;
  if (reference.bot?.id) target.botId = reference.bot.id;
  if (reference.bot?.name) target.botName = reference.bot.name;
  if (reference.activityId) target.replyToId = reference.activityId;
  return target;
}

/** Another conversation to reach with the target's service and tenant (the approval channel). */
export interface OtherConversation {
  readonly id: string;
  readonly conversationType: 'channel' | 'groupChat' | 'personal';
}

/**
 * The reference a proactive turn needs. null: not a Teams target (an approval asked for from another
 * surface) or one without a service URL, so there is nowhere to post.
 */
export function referenceTo(target: ReplyTarget | null, other?: OtherConversation): ConversationRef | null {
  if (target?.surface !== 'teams' || !target.serviceUrl) return null;
  const id = other?.id ?? target.conversationId ?? '';
  if (!id) return null;
  const conversationType = other?.conversationType ?? target.conversationType ?? '';
  return {
    channelId: target.channelId ?? 'msteams',
    serviceUrl: target.serviceUrl,
    conversation: {
      id,
      isGroup: conversationType !== 'personal',
      conversationType,
      ...(target.tenantId ? { tenantId: target.tenantId } : {}),
    },
    ...(target.botId ? { bot: { id: target.botId, name: target.botName ?? '' } } : {}),
  };
}
