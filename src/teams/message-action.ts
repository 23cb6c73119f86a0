import type { MessagingExtensionAction, MessagingExtensionActionResponse, TurnContext } from 'botbuilder';
import type { RequestInput } from '../core/request-input.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { Background } from './background.ts';
import { noticeCard } from './cards/card-kit.ts';
import { postOutcome, replaceWithOutcome } from './flows/present-outcome.ts';
import { teamsRequester } from './teams-requester.ts';
import { threadOf } from './thread.ts';

/** The manifest's composeExtensions command id (manifests/teams/manifest.json). */
export const MESSAGE_ACTION_COMMAND = 'resendActivation';
/** Its optional parameter: more people, typed into the small form Teams shows (fetchTask: false). */
export const MORE_USERS_PARAMETER = 'moreUsers';

interface Deps {
  readonly service: ResendService;
  readonly logger: Logger;
  readonly background: Background;
}

/** Closes Teams' dialog with a message in it (the only feedback an invoke response can give). */
function dialogMessage(value: string): MessagingExtensionActionResponse {
  return { task: { type: 'message', value } };
}

/**
 * "Resend activation emails" on a message (… → More actions). Teams waits 5 s for the invoke
 * response, so the turn posts a placeholder card into the conversation (a channel post's thread:
 * the invoke's conversation id carries `;messageid=`), answers `{}` to close the dialog, and a
 * background job turns the placeholder into the plan card. If the bot cannot post there (the app is
 * not added to that chat or team), the dialog says so instead.
 */
export async function submitMessageAction(context: TurnContext, action: MessagingExtensionAction, deps: Deps): Promise<MessagingExtensionActionResponse> {
  if (action.commandId !== MESSAGE_ACTION_COMMAND || action.commandContext !== 'message') return dialogMessage('This command is not known to resend-activation.');
  const input = inputOf(action);
  if (!input) return dialogMessage('That message has no text I can read people from.');
  const requester = await teamsRequester(context, deps.logger);
  const author = action.messagePayload?.from?.user?.displayName;
  const thread = threadOf(context, null);
  let cardId: string | null;
  try {
    cardId = await thread.sendCard(noticeCard([`Looking up the people named in ${author ? `${author}'s` : 'that'} message…`]));
  } catch (error) {
    deps.logger.warn({ err: error }, 'teams message action: cannot post into the conversation');
    return dialogMessage('I cannot post in this conversation. Add the resend-activation app here, or send me the list in a personal chat.');
  }
  deps.background.start(context, 'message action', null, async (proactive) => {
    const outcome = await deps.service.prepare(requester, input);
    const target = threadOf(proactive, null);
    await (cardId ? replaceWithOutcome(target, cardId, outcome) : postOutcome(target, outcome));
  });
  // An empty response closes the dialog; the plan appears in the conversation.
  return {};
}

function inputOf(action: MessagingExtensionAction): RequestInput | null {
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
