import { StoreUnavailableError } from '../core/errors.ts';
import type { Logger } from '../logging/logger.ts';
import { RunStoppedError } from './best-effort.ts';
import { proactiveTurn, referenceOf, type Connectors, type TeamsTurn } from './teams-turn.ts';
import { threadOf } from './thread.ts';

export type Job = (turn: TeamsTurn) => Promise<void>;

/**
 * Work that outlives the HTTP request: Teams gives a message turn about 15 s and an invoke 5 s
 * before it reports the bot as unreachable (and may retry), while an Okta lookup of a long list or
 * a bulk run takes longer. The job is started during the turn, not awaited by it, so the turn (and
 * the HTTP response) ends at once; the job runs in a proactive turn of the same conversation,
 * which posts and edits like the turn could.
 */
export interface Background {
  start(turn: TeamsTurn, label: string, replyToId: string | null, job: Job): void;
  /** Resolves when every started job has finished (graceful shutdown). */
  drain(): Promise<void>;
}

export function createBackground(connectors: Connectors, logger: Logger): Background {
  const running = new Set<Promise<void>>();
  return {
    start(turn, label, replyToId, job) {
      const reference = referenceOf(turn.activity);
      const work = async (): Promise<void> => {
        // Not inside the turn: the HTTP response goes first (the await below yields to it).
        await Promise.resolve();
        const proactive = proactiveTurn(reference, connectors);
        try {
          await job(proactive);
        } catch (error) {
          logger.error({ err: error, job: label, conversationType: reference.conversation?.conversationType }, 'teams job failed');
          await threadOf(proactive, replyToId)
            .say(failureMessage(error))
            .catch((sayError: unknown) => logger.warn({ err: sayError, job: label }, 'teams: could not say that the job failed'));
        }
      };
      const run: Promise<void> = work()
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
