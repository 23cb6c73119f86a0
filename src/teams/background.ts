import { TurnContext, type CloudAdapter } from 'botbuilder';
import type { Logger } from '../logging/logger.ts';
import { threadOf } from './thread.ts';

export type Job = (context: TurnContext) => Promise<void>;

/**
 * Work that outlives the HTTP request: Teams gives a message turn about 15 s and an invoke 5 s
 * before it reports the bot as unreachable (and may retry), while an Okta lookup of a long list or
 * a bulk run takes longer. The turn answers at once; the job then runs in a proactive turn of the
 * same conversation (`continueConversationAsync`), which posts and edits like the turn could.
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
              .say('Something went wrong on my side, and I stopped. Check the results so far before trying again.')
              .catch(() => undefined);
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
