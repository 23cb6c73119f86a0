import type { Client as ConnectorClient } from '@microsoft/teams.api';
import type { AttachmentLike } from './file-attachments.ts';
import type { MessageParts } from './message-text.ts';

/** A Teams user or the bot, as the Activity protocol names them. */
export interface ChannelAccount {
  readonly id: string;
  readonly name?: string | undefined;
  readonly aadObjectId?: string | undefined;
  readonly role?: string | undefined;
}

export interface ConversationInfo {
  readonly id: string;
  readonly conversationType?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly isGroup?: boolean | undefined;
  readonly name?: string | undefined;
}

/**
 * The parts of a Bot Framework activity this surface reads, as Teams sends them (JSON). Typed here
 * rather than with the SDK's activity union: the handlers read raw fields (channelData, value,
 * localTimezone) and must not care which SDK parsed the request.
 */
export interface TeamsActivity {
  readonly type: string;
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly channelId?: string | undefined;
  readonly serviceUrl?: string | undefined;
  readonly from: ChannelAccount;
  readonly recipient: ChannelAccount;
  readonly conversation: ConversationInfo;
  readonly replyToId?: string | undefined;
  readonly text?: string | undefined;
  readonly value?: unknown;
  readonly channelData?: unknown;
  readonly attachments?: readonly AttachmentLike[] | undefined;
  readonly entities?: MessageParts['entities'];
  readonly membersAdded?: readonly ChannelAccount[] | undefined;
  readonly localTimezone?: string | undefined;
  readonly locale?: string | undefined;
}

/**
 * Where a proactive post goes: the service URL, the conversation (with its tenant) and the bot;
 * `activityId` is the message to reply to. Plain data, so that the core can keep it (as a
 * ReplyTarget) for hours and another process can use it after a restart.
 */
export interface ConversationRef {
  readonly channelId?: string | undefined;
  readonly serviceUrl?: string | undefined;
  readonly conversation?: ConversationInfo | undefined;
  readonly bot?: ChannelAccount | undefined;
  readonly user?: ChannelAccount | undefined;
  readonly activityId?: string | undefined;
  readonly locale?: string | undefined;
}

/** The Bot Connector REST client (Teams SDK) for one service URL, authenticated as the bot. */
export type Connectors = (serviceUrl: string) => ConnectorClient;

/**
 * One turn: the activity being answered (or, in a proactive turn, one built from a stored
 * reference) and the connector of its service URL.
 */
export interface TeamsTurn {
  readonly activity: TeamsActivity;
  readonly connector: ConnectorClient;
}

/** The reference to answer `activity` later, in its conversation (the Bot Framework's conversation reference). */
export function referenceOf(activity: TeamsActivity): ConversationRef {
  return {
    channelId: activity.channelId ?? 'msteams',
    serviceUrl: activity.serviceUrl,
    conversation: activity.conversation,
    bot: activity.recipient,
    user: activity.from,
    ...(activity.id ? { activityId: activity.id } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

/**
 * A turn in a conversation the bot is not being asked in right now (background work, approvals,
 * runs resumed after a restart): the activity is built from the reference, as the Bot Framework's
 * `continueConversation` event was, so that `from` is the person and `recipient` the bot.
 */
export function proactiveTurn(reference: ConversationRef, connectors: Connectors): TeamsTurn {
  const { serviceUrl, conversation } = reference;
  if (!serviceUrl || !conversation?.id) throw new Error('teams: a conversation reference without a service URL or conversation id');
  return {
    activity: {
      type: 'event',
      name: 'continueConversation',
      channelId: reference.channelId ?? 'msteams',
      serviceUrl,
      conversation,
      from: reference.user ?? { id: '' },
      recipient: reference.bot ?? { id: '' },
      ...(reference.locale ? { locale: reference.locale } : {}),
    },
    connector: connectors(serviceUrl),
  };
}

/**
 * Conversation and activity ids go into the connector's URL paths. The Teams SDK puts them in as
 * they are; channel thread ids hold `;` `:` `@`, so they are encoded here (as the Bot Framework SDK did before).
 */
export function pathId(id: string): string {
  return encodeURIComponent(id);
}

/** The connector's HTTP status when a call failed with one (the Teams SDK's client is axios). */
export function connectorStatus(error: unknown): number | null {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === 'number' ? status : null;
}
