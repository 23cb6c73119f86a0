import type { Logger } from '../logging/logger.ts';

/** How often expired approvals are looked for, unless the surface is told otherwise. */
export const APPROVAL_SWEEP_MS = 60_000;

export interface ApprovalSweep {
  /** Starts the timer (unref'd: it never keeps the process up). Calling it twice does nothing more. */
  start(): void;
  /** No further sweeps; resolves when the one in progress has finished. */
  stop(): Promise<void>;
  /** Resolves when a sweep in progress (if any) has finished. */
  idle(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs` (0: never). A slow Slack must not stack sweeps: a tick that
 * finds one still running does nothing, and the next one picks up whatever is left.
 */
export function createApprovalSweep(sweep: () => Promise<void>, intervalMs: number, logger: Logger): ApprovalSweep {
  let timer: ReturnType<typeof setInterval> | null = null;
  let current: Promise<void> | null = null;
  const tick = () => {
    if (current) return;
    current = sweep()
      .catch((error: unknown) => logger.error({ err: error }, 'slack approval expiry sweep failed'))
      .finally(() => {
        current = null;
      });
  };
  return {
    start() {
      if (timer || intervalMs <= 0) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await current;
    },
    idle: async () => void (await current),
  };
}
