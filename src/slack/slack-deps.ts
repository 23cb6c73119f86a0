import { StoreUnavailableError } from '../core/errors.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import type { Jobs } from './jobs.ts';
import type { SlackChat } from './slack-chat.ts';
import type { RequesterLookup } from './slack-requester.ts';

/** What every Slack handler and flow works with. */
export interface SlackDeps {
  readonly service: ResendService;
  readonly chat: SlackChat;
  readonly requesterOf: RequesterLookup;
  readonly jobs: Jobs;
  readonly logger: Logger;
  /** APPROVAL_SLACK_CHANNEL: where managers' requests for other people wait for approvers. */
  readonly approvalChannel: string | null;
  readonly progressIntervalMs: number;
  /** For file downloads: the bot token and the origin it may also be sent to (SLACK_API_URL). */
  readonly botToken: string;
  readonly apiOrigin: string | null;
}

export const SOMETHING_WENT_WRONG = ':warning: Something went wrong on my side and I stopped. Nothing more will happen for this request; check the thread before trying again.';

/** What the person is told when their request failed: the store being away is worth saying plainly. */
export function failureText(error: unknown): string {
  return error instanceof StoreUnavailableError ? `:hourglass: ${escapeMrkdwn(error.message)}` : SOMETHING_WENT_WRONG;
}
