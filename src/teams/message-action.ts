import type { RequestInput } from '../core/request-input.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { Background } from './background.ts';
import { bestEffort } from './best-effort.ts';
import { noticeCard } from './cards/card-kit.ts';
import { postOutcome, replaceWithOutcome } from './flows/present-outcome.ts';
import { tellInPersonalChat } from './personal-chat.ts';
import type { RecentIds } from './recent-ids.ts';
import { teamIdOf, teamsRequester } from './teams-requester.ts';
import type { TeamsActivity, TeamsTurn } from './teams-turn.ts';
import { threadOf } from './thread.ts';

/** The manifest's composeExtensions command id (manifests/teams/manifest.json). */
export const MESSAGE_ACTION_COMMAND = 'resendActivation';
/** Its optional parameter: more people, typed into the small form Teams shows (fetchTask: false). */
export const MORE_USERS_PARAMETER = 'moreUsers';

export interface MessageActionDeps {
  readonly service: ResendService;
  readonly logger: Logger;
  readonly background: Background;
  /** Invokes already answered: Teams retries one that took too long. */
  readonly answered: RecentIds;
}

/** The `value` of a `composeExtension/submitAction` invoke: the parts this bot reads. */
export interface MessageActionValue {
  readonly commandId?: string | undefined;
  readonly commandContext?: string | undefined;
  readonly data?: unknown;
  readonly messagePayload?: {
    readonly id?: string | undefined;
    readonly replyToId?: string | undefined;
    readonly from?: { readonly user?: { readonly displayName?: string | undefined } | undefined } | undefined;
    readonly body?: { readonly content?: unknown; readonly contentType?: string | undefined } | undefined;
  } | undefined;
}

/** The invoke response's body: `{}` closes the dialog; a task of type message shows text in it. */
export type MessageActionResponse = { readonly task?: { readonly type: 'message'; readonly value: string } };

/** Closes Teams' dialog with a message in it (the only feedback an invoke response can give). */
export function dialogMessage(value: string): MessageActionResponse {
  return { task: { type: 'message', value } };
}

const CANNOT_POST = 'I could not post the plan where you used "Resend activation emails": add the resend-activation app to that chat or team, or send me the list here.';
const LOOKUP_FAILED = ['Something went wrong on my side while looking those people up, and nothing was sent.', 'Try again in a minute.'];

/**
 * "Resend activation emails" on a message (… → More actions). Teams waits at most 5 s for the
 * invoke response, and a roster lookup, a token fetch or a post can each take seconds: the turn
 * only reads the invoke, answers `{}` (which closes the dialog), and a background job posts a
 * "Looking up…" card into the message's thread, then turns it into the plan, or into an error if
 * the job fails. Where the bot cannot post, the person is told in their personal chat instead.
 */
export async function submitMessageAction(turn: TeamsTurn, action: MessageActionValue, deps: MessageActionDeps): Promise<MessageActionResponse> {
  if (action.commandId !== MESSAGE_ACTION_COMMAND || action.commandContext !== 'message') return dialogMessage('This command is not known to resend-activation.');
  const input = inputOf(action);
  if (!input) return dialogMessage('That message has no text I can read people from.');
  const { activity } = turn;
  // A retry of an invoke that is already being handled: one placeholder and one plan per click.
  if (activity.id && !(await deps.answered.add(`${activity.conversation.id}|${activity.from.id}|${activity.id}`))) return {};
  const author = action.messagePayload?.from?.user?.displayName;
  const placeholder = noticeCard([`Looking up the people named in ${author ? `${author}'s` : 'that'} message…`]);
  const conversationId = threadConversationId(activity, action);
  const teamId = teamIdOf(activity.channelData);
  deps.background.start(turn, 'message action', null, async (proactive) => {
    const thread = threadOf(proactive, null, conversationId);
    let cardId: string | null;
    try {
      cardId = await thread.sendCard(placeholder);
    } catch (error) {
      deps.logger.warn({ err: error }, 'teams message action: cannot post into the conversation; telling the user privately');
      await tellInPersonalChat(proactive, CANNOT_POST);
      return;
    }
    try {
      const requester = await teamsRequester(proactive, deps.logger, teamId);
      const outcome = await deps.service.prepare(requester, input);
      if (cardId) await replaceWithOutcome(thread, cardId, outcome);
      else await postOutcome(thread, outcome);
    } catch (error) {
      // The placeholder must not say "Looking up…" forever: it shows the failure (nothing ran yet).
      const id = cardId;
      if (!id || !(await bestEffort(deps.logger, 'placeholder failed', () => thread.updateCard(id, noticeCard(LOOKUP_FAILED))))) throw error;
      deps.logger.error({ err: error }, 'teams message action failed');
    }
  });
  return {};
}

/**
 * Where the plan goes: in a channel, the thread of the message the action was used on, built from
 * the channel id and the thread's root (the message itself, or the post it replies to). Teams'
 * invoke conversation id usually carries `;messageid=` already, but not in every client, so that is
 * only the fallback; chats have no threads and use the conversation as it is.
 */
export function threadConversationId(activity: Pick<TeamsActivity, 'channelData' | 'conversation'>, action: MessageActionValue): string | undefined {
  const channelId = (activity.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
  const payload = action.messagePayload;
  const root = payload?.replyToId || payload?.id;
  if (activity.conversation?.conversationType !== 'channel' || typeof channelId !== 'string' || !channelId || !root) return activity.conversation?.id;
  return `${channelId};messageid=${root}`;
}

function inputOf(action: MessageActionValue): RequestInput | null {
  const body = action.messagePayload?.body;
  const content = typeof body?.content === 'string' ? body.content : '';
  const data = action.data as Record<string, unknown> | undefined;
  const more = typeof data?.[MORE_USERS_PARAMETER] === 'string' ? (data[MORE_USERS_PARAMETER] as string).trim() : '';
  if (content.trim() === '' && more === '') return null;
  if (body?.contentType === 'text') return { kind: 'message', text: [content, more].filter(Boolean).join('\n') };
  // Typed parameter text joins the HTML as text: escaped, so it cannot add tags or a mailto.
  return { kind: 'html', html: more ? `${content}<p>${escapeHtml(more)}</p>` : content };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
