import { TeamsActivityHandler, type MessagingExtensionAction, type MessagingExtensionActionResponse, type TurnContext } from 'botbuilder';
import { newCorrelationId, withCorrelation } from '../core/correlation.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { ApprovalDesk } from './approval-desk.ts';
import type { Background } from './background.ts';
import { bestEffort } from './best-effort.ts';
import { parseCardAction } from './card-actions.ts';
import { filesOf } from './file-attachments.ts';
import { handleCardClick } from './flows/card-click.ts';
import { planFromFile } from './flows/file-upload.ts';
import { postOutcome } from './flows/present-outcome.ts';
import { postScheduledList } from './flows/scheduled-list.ts';
import { commandFromMessage, HELP_TEXT, mentionsBot } from './message-text.ts';
import { dialogMessage, submitMessageAction } from './message-action.ts';
import { storeBackedIds } from './recent-ids.ts';
import { timeZoneOf } from './schedule-offer.ts';
import { teamsRequester } from './teams-requester.ts';
import { isFromTenant, OTHER_TENANT } from './tenant.ts';
import { threadOf } from './thread.ts';

export interface ResendBotDeps {
  readonly service: ResendService;
  readonly logger: Logger;
  readonly background: Background;
  readonly approvals: ApprovalDesk;
  /** The bot's app id ('' when unauthenticated). */
  readonly appId: string;
  /** MICROSOFT_APP_TENANT_ID: activities from any other tenant are refused. null: no check. */
  readonly tenantId: string | null;
  readonly progressIntervalMs?: number | undefined;
}

const PERSONAL_CHAT_FOR_FILES = 'I can only read files sent to me in a personal chat: open a chat with me and send the file there.';
const UNKNOWN_BUTTON = 'I do not know that button (it may be from an older card). Send the request again to get a new one.';
const READABLE_FILES = 'I could not read that attachment. Send a .csv, .tsv or .txt file as an attachment, or type the emails.';

/**
 * Translates Teams activities into core calls. Whatever touches Okta or a download runs as a
 * background job (see background.ts); the turn itself only reads the activity and the roster.
 */
export class ResendActivationBot extends TeamsActivityHandler {
  private readonly answeredInvokes;

  constructor(private readonly deps: ResendBotDeps) {
    super();
    this.answeredInvokes = storeBackedIds((id) => deps.service.firstDelivery('teams', id));
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

  /** Each activity is served under a correlation id of its own (its log and audit lines, the jobs it starts). */
  override async run(context: TurnContext): Promise<void> {
    return withCorrelation(newCorrelationId('teams', context.activity.id), () => this.serve(context));
  }

  /** Every activity passes the tenant check before anything reads the roster or calls Okta. */
  private async serve(context: TurnContext): Promise<void> {
    if (isFromTenant(context.activity, this.deps.tenantId)) {
      // A message Teams delivers again (it got no answer in time), possibly to another replica:
      // one plan, one run. Invokes are answered by their own handlers (the message action).
      const { activity } = context;
      if (activity.type === 'message' && activity.id && !(await this.deps.service.firstDelivery('teams', `msg|${activity.conversation?.id ?? ''}|${activity.id}`))) return;
      return super.run(context);
    }
    const { activity } = context;
    this.deps.logger.warn({ tenantId: activity.conversation?.tenantId, activityType: activity.type }, 'teams: refused an activity from another tenant');
    if (activity.type === 'message') {
      await bestEffort(this.deps.logger, 'other tenant', () => threadOf(context, activity.id ?? null).say(OTHER_TENANT));
    } else if (activity.type === 'invoke') {
      // An invoke needs an answer; the message action's dialog can show one.
      const body = activity.name === 'composeExtension/submitAction' ? dialogMessage(OTHER_TENANT) : undefined;
      await context.sendActivity({ type: 'invokeResponse', value: { status: body ? 200 : 403, body } });
    }
  }

  private async onUserMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const { service, logger, background, approvals } = this.deps;
    const replyTo = activity.id ?? null;
    const thread = threadOf(context, replyTo);
    if (activity.value !== undefined && activity.value !== null) {
      // A click on an Action.Submit button: a message whose value is the button's data.
      const action = parseCardAction(activity.value);
      // Another app's card or a stale one: say so rather than leave the click unanswered.
      if (!action) return void (await thread.say(UNKNOWN_BUTTON));
      const actor = await teamsRequester(context, logger);
      const cardId = activity.replyToId ?? null;
      background.start(context, `card ${action.action}`, replyTo, (proactive) =>
        handleCardClick({ service, thread: threadOf(proactive, replyTo), actor, action, approvals, logger, cardId, progressIntervalMs: this.deps.progressIntervalMs, timeZone: timeZoneOf(activity) }),
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
      background.start(context, 'file', replyTo, (proactive) =>
        // Links to this machine only in unauthenticated local testing (the fake Bot Connector hosts files).
        planFromFile(service, threadOf(proactive, replyTo), requester, file, { allowLoopback: this.deps.appId === '' }, timeZoneOf(activity)),
      );
      return;
    }
    const command = commandFromMessage(activity);
    // A file outside personal chat always gets the pointer; in personal chat typed names still count.
    if ((files.unreadable || file) && (!personal || command.kind === 'help')) return void (await thread.say(personal ? READABLE_FILES : PERSONAL_CHAT_FOR_FILES));
    if (command.kind === 'help') return void (await thread.say(HELP_TEXT));
    const requester = await teamsRequester(context, logger);
    if (command.kind === 'scheduled') return background.start(context, 'scheduled', replyTo, (proactive) => postScheduledList(service, threadOf(proactive, replyTo), requester));
    // The sender's time zone, for the plan's Schedule form: a proactive turn no longer carries it.
    const timeZone = timeZoneOf(activity);
    background.start(context, 'text', replyTo, async (proactive) =>
      postOutcome(threadOf(proactive, replyTo), await service.prepare(requester, { kind: 'text', text: command.text }), timeZone),
    );
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return submitMessageAction(context, action, { ...this.deps, answered: this.answeredInvokes });
  }
}
