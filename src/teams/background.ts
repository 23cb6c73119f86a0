import { TurnContext, type CloudAdapter } from 'botbuilder';
import { StoreUnavailableError } from '../core/errors.ts';
import type { Logger } from '../logging/logger.ts';
import { RunStoppedError } from './best-effort.ts';
import { threadOf } from './thread.ts';

export type Job = (context: TurnContext) => Promise<void>;

/**
 * Work that outlives the HTTP request: Teams gives a message turn about 15 s and an invoke 5 s
 * before it reports the bot as unreachable (and may retry), while an Okta lookup of a long list or
 * a bulk run takes longer. The job is started during the turn, not awaited by it, so the turn (and
 * the HTTP response) ends at once; the job runs in a proactive turn of the same conversation
 * (`continueConversationAsync`), which posts and edits like the turn could.
 */
export interface Background {
  start(context: TurnContext, label: string, replyToId: string | null, job: Job): void;
  /** Resolves when every started job has finished (graceful shutdown). */
  drain(): Promise<void>;
}

export function createBackground(adapter: CloudAdapter, appId: string, logger: Logger): Background {
  const running = new Set<Promise<void>>();
  return {
    start(context, label, replyToId, job) {
      const reference = TurnContext.getConversationReference(context.activity);
      const run = adapter
        .continueConversationAsync(appId, reference, async (proactive) => {
          try {
            await job(proactive);
          } catch (error) {
            logger.error({ err: error, job: label, conversationType: reference.conversation?.conversationType }, 'teams job failed');
            await threadOf(proactive, replyToId)
              .say(failureMessage(error))
              .catch((sayError: unknown) => logger.warn({ err: sayError, job: label }, 'teams: could not say that the job failed'));
          }
        })
        .catch((error: unknown) => logger.error({ err: error, job: label }, 'teams job could not reach the conversation'))
        .finally(() => running.delete(run));
      running.add(run);
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

/** Only a run that started can have sent something; before that, nothing went out. */
export function failureMessage(error: unknown): string {
  if (error instanceof StoreUnavailableError) return error.message;
  return error instanceof RunStoppedError
    ? 'Something went wrong on my side during the run, and I stopped. Some emails may have gone out: check the results so far (and Okta) before trying again.'
    : 'Something went wrong on my side, and I stopped before sending anything. Try again in a minute.';
}
