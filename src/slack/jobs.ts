import type { Logger } from '../logging/logger.ts';

/**
 * Work that runs after Slack got its ack (Slack wants one within 3 s; a lookup of a long list or a
 * bulk run takes longer). Jobs are tracked so that shutdown and tests can wait for them.
 */
export function createJobs(logger: Logger) {
  const running = new Set<Promise<void>>();
  return {
    /** `onError` tells the person something went wrong; it must not throw past here either. */
    run(label: string, job: () => Promise<void>, onError?: (error: unknown) => Promise<void>): void {
      const promise = job()
        .catch(async (error: unknown) => {
          logger.error({ err: error, job: label }, 'slack job failed');
          await onError?.(error).catch(() => undefined);
        })
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async drain(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
