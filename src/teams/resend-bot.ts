import { TeamsActivityHandler, type MessagingExtensionAction, type MessagingExtensionActionResponse, type TurnContext } from 'botbuilder';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { ApprovalDesk } from './approval-desk.ts';
import type { Background } from './background.ts';
import { parseCardAction } from './card-actions.ts';
import { filesOf } from './file-attachments.ts';
import { handleCardClick } from './flows/card-click.ts';
import { planFromFile } from './flows/file-upload.ts';
import { postOutcome } from './flows/present-outcome.ts';
import { commandFromMessage, HELP_TEXT, mentionsBot } from './message-text.ts';
import { submitMessageAction } from './message-action.ts';
import { teamsRequester } from './teams-requester.ts';
import { threadOf } from './thread.ts';

export interface ResendBotDeps {
  readonly service: ResendService;
  readonly logger: Logger;
  readonly background: Background;
  readonly approvals: ApprovalDesk;
  readonly progressIntervalMs?: number | undefined;
}

const PERSONAL_CHAT_FOR_FILES = 'I can only read files sent to me in a personal chat: open a chat with me and send the file there.';
const READABLE_FILES = 'I could not read that attachment. Send a .csv, .tsv or .txt file as an attachment, or type the emails.';

/**
 * Translates Teams activities into core calls. Whatever touches Okta or a download runs as a
 * background job (see background.ts); the turn itself only reads the activity and the roster.
 */
export class ResendActivationBot extends TeamsActivityHandler {
  constructor(private readonly deps: ResendBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.onUserMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // Installed in a personal chat: say what the bot does, once.
      const botAdded = (context.activity.membersAdded ?? []).some((member) => member.id === context.activity.recipient.id);
      if (botAdded && context.activity.conversation.conversationType === 'personal') await threadOf(context, null).say(HELP_TEXT);
      await next();
    });
  }

  private async onUserMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const { service, logger, background, approvals } = this.deps;
    const replyTo = activity.id ?? null;
    const thread = threadOf(context, replyTo);
    if (activity.value !== undefined && activity.value !== null) {
      // A click on an Action.Submit button: a message whose value is the button's data.
      const action = parseCardAction(activity.value);
      if (!action) return;
      const actor = await teamsRequester(context, logger);
      const cardId = activity.replyToId ?? null;
      background.start(context, `card ${action.action}`, replyTo, (proactive) =>
        handleCardClick({ service, thread: threadOf(proactive, replyTo), actor, action, approvals, cardId, progressIntervalMs: this.deps.progressIntervalMs }),
      );
      return;
    }
    const personal = activity.conversation.conversationType === 'personal';
    // In channels and group chats Teams only forwards messages that mention the bot; stay quiet otherwise.
    if (!personal && !mentionsBot(activity)) return;
    const files = filesOf(activity.attachments);
    const file = files.downloadable[0];
    if (personal && file) {
      const requester = await teamsRequester(context, logger);
      background.start(context, 'file', replyTo, (proactive) => planFromFile(service, threadOf(proactive, replyTo), requester, file));
      return;
    }
    const command = commandFromMessage(activity);
    // A file outside personal chat always gets the pointer; in personal chat typed names still count.
    if ((files.unreadable || file) && (!personal || command.kind === 'help')) return void (await thread.say(personal ? READABLE_FILES : PERSONAL_CHAT_FOR_FILES));
    if (command.kind === 'help') return void (await thread.say(HELP_TEXT));
    const requester = await teamsRequester(context, logger);
    background.start(context, 'text', replyTo, async (proactive) =>
      postOutcome(threadOf(proactive, replyTo), await service.prepare(requester, { kind: 'text', text: command.text })),
    );
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return submitMessageAction(context, action, this.deps);
  }
}
