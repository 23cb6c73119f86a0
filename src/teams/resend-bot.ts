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
import { dialogMessage, submitMessageAction, type MessageActionValue } from './message-action.ts';
import { storeBackedIds } from './recent-ids.ts';
import { timeZoneOf } from './schedule-offer.ts';
import { teamsRequester } from './teams-requester.ts';
import type { TeamsTurn } from './teams-turn.ts';
import { isFromTenant, OTHER_TENANT } from './tenant.ts';
import { threadOf } from './thread.ts';

export interface ResendBotDeps {
  readonly service: ResendService;
  readonly logger: Logger;
  readonly background: Background;
  readonly approvals: ApprovalDesk;
  /** The bot's app id ('' when unauthenticated: file links may then be on loopback). */
  readonly appId: string;
  /** MICROSOFT_APP_TENANT_ID: activities from any other tenant are refused. null: no check. */
  readonly tenantId: string | null;
  readonly progressIntervalMs?: number | undefined;
}

const PERSONAL_CHAT_FOR_FILES = 'I can only read files sent to me in a personal chat: open a chat with me and send the file there.';
const UNKNOWN_BUTTON = 'I do not know that button (it may be from an older card). Send the request again to get a new one.';
const READABLE_FILES = 'I could not read that attachment. Send a .csv, .tsv or .txt file as an attachment, or type the emails.';

/** What the HTTP response to an activity says: an invoke's answer; nothing for other activities. */
export interface InvokeResult {
  readonly status: number;
  readonly body?: unknown;
}

const SOMETHING_WENT_WRONG = 'Something went wrong on my side. Try again in a minute.';

/**
 * Translates Teams activities into core calls. Whatever touches Okta or a download runs as a
 * background job (see background.ts); the turn itself only reads the activity and the roster.
 */
export class ResendActivationBot {
  private readonly answeredInvokes;

  constructor(private readonly deps: ResendBotDeps) {
    this.answeredInvokes = storeBackedIds((id) => deps.service.firstDelivery('teams', id));
  }

  /** Each activity is served under a correlation id of its own (its log and audit lines, the jobs it starts). */
  async run(turn: TeamsTurn): Promise<InvokeResult | undefined> {
    return withCorrelation(newCorrelationId('teams', turn.activity.id), () => this.serve(turn));
  }

  /** Every activity passes the tenant check before anything reads the roster or calls Okta. */
  private async serve(turn: TeamsTurn): Promise<InvokeResult | undefined> {
    const { activity } = turn;
    if (!isFromTenant(activity, this.deps.tenantId)) return this.refuseOtherTenant(turn);
    // A message Teams delivers again (it got no answer in time), possibly to another replica:
    // one plan, one run. Invokes are answered by their own handlers (the message action).
    if (activity.type === 'message' && activity.id && !(await this.deps.service.firstDelivery('teams', `msg|${activity.conversation?.id ?? ''}|${activity.id}`))) return undefined;
    try {
      return await this.dispatch(turn);
    } catch (error) {
      // Log, and tell the person when they wrote a message (an invoke gets a 500).
      this.deps.logger.error({ err: error, activityType: activity.type, activityName: activity.name }, 'teams turn failed');
      if (activity.type === 'message') await threadOf(turn, activity.id ?? null).say(SOMETHING_WENT_WRONG).catch(() => undefined);
      return activity.type === 'invoke' ? { status: 500 } : undefined;
    }
  }

  private async dispatch(turn: TeamsTurn): Promise<InvokeResult | undefined> {
    const { activity } = turn;
    switch (activity.type) {
      case 'message':
        await this.onUserMessage(turn);
        return undefined;
      case 'conversationUpdate': {
        // Installed in a personal chat: say what the bot does, once.
        const botAdded = (activity.membersAdded ?? []).some((member) => member.id === activity.recipient.id);
        if (botAdded && activity.conversation.conversationType === 'personal') await threadOf(turn, null).say(HELP_TEXT);
        return undefined;
      }
      case 'invoke':
        if (activity.name === 'composeExtension/submitAction') {
          const body = await submitMessageAction(turn, (activity.value ?? {}) as MessageActionValue, { ...this.deps, answered: this.answeredInvokes });
          return { status: 200, body };
        }
        // Invokes this bot does not handle (Teams asks, e.g. for link unfurling): not implemented.
        return { status: 501 };
      default:
        return undefined;
    }
  }

  private async refuseOtherTenant(turn: TeamsTurn): Promise<InvokeResult | undefined> {
    const { activity } = turn;
    this.deps.logger.warn({ tenantId: activity.conversation?.tenantId, activityType: activity.type }, 'teams: refused an activity from another tenant');
    if (activity.type === 'message') {
      await bestEffort(this.deps.logger, 'other tenant', () => threadOf(turn, activity.id ?? null).say(OTHER_TENANT));
    } else if (activity.type === 'invoke') {
      // An invoke needs an answer; the message action's dialog can show one.
      const body = activity.name === 'composeExtension/submitAction' ? dialogMessage(OTHER_TENANT) : undefined;
      return body ? { status: 200, body } : { status: 403 };
    }
    return undefined;
  }

  private async onUserMessage(turn: TeamsTurn): Promise<void> {
    const { activity } = turn;
    const { service, logger, background, approvals } = this.deps;
    const replyTo = activity.id ?? null;
    const thread = threadOf(turn, replyTo);
    if (activity.value !== undefined && activity.value !== null) {
      // A click on an Action.Submit button: a message whose value is the button's data.
      const action = parseCardAction(activity.value);
      // Another app's card or a stale one: say so rather than leave the click unanswered.
      if (!action) return void (await thread.say(UNKNOWN_BUTTON));
      const actor = await teamsRequester(turn, logger);
      const cardId = activity.replyToId ?? null;
      background.start(turn, `card ${action.action}`, replyTo, (proactive) =>
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
      const requester = await teamsRequester(turn, logger);
      background.start(turn, 'file', replyTo, (proactive) =>
        // Links to this machine only in unauthenticated local testing (the fake Bot Connector hosts files).
        planFromFile(service, threadOf(proactive, replyTo), requester, file, { allowLoopback: this.deps.appId === '' }, timeZoneOf(activity)),
      );
      return;
    }
    const command = commandFromMessage(activity);
    // A file outside personal chat always gets the pointer; in personal chat typed names still count.
    if ((files.unreadable || file) && (!personal || command.kind === 'help')) return void (await thread.say(personal ? READABLE_FILES : PERSONAL_CHAT_FOR_FILES));
    if (command.kind === 'help') return void (await thread.say(HELP_TEXT));
    const requester = await teamsRequester(turn, logger);
    if (command.kind === 'scheduled') return background.start(turn, 'scheduled', replyTo, (proactive) => postScheduledList(service, threadOf(proactive, replyTo), requester));
    // The sender's time zone, for the plan's Schedule form: a proactive turn no longer carries it.
    const timeZone = timeZoneOf(activity);
    background.start(turn, 'text', replyTo, async (proactive) =>
      postOutcome(threadOf(proactive, replyTo), await service.prepare(requester, { kind: 'text', text: command.text }), timeZone),
    );
  }
}
