/**
 * Coalesces progress updates so a surface edits its message at most once per interval (Slack and
 * Teams rate-limit edits; ~2 s reads as live). The latest value always wins; one edit is in flight
 * at a time, and the interval runs from the end of the previous edit, so a slow edit (a platform
 * retrying a 5xx) cannot make the next ones bunch up behind it.
 */
export interface ProgressThrottle<T> {
  push(value: T): void;
  /** Drops what is pending (the final report replaces it) and waits for an edit already on its way. */
  stop(): Promise<void>;
  /** Resolves once an interval has passed since the last edit: a final edit keeps the pace too. */
  nextSlot(): Promise<void>;
}

export function createProgressThrottle<T>(
  intervalMs: number,
  emit: (value: T) => Promise<void>,
  now: () => number = Date.now,
): ProgressThrottle<T> {
  // The progress message was just posted: that counts as the first edit, so the first real edit
  // comes an interval later (a run shorter than that never edits it: the final report replaces it).
  let lastEditEnded = now();
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  const schedule = (): void => {
    if (stopped || timer || inFlight || !pending) return;
    const wait = lastEditEnded + intervalMs - now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = null;
        schedule();
      }, wait);
      return;
    }
    const { value } = pending;
    pending = null;
    inFlight = emit(value)
      .catch(() => undefined)
      .finally(() => {
        lastEditEnded = now();
        inFlight = null;
        schedule();
      });
  };

  return {
    push(value) {
      if (stopped) return;
      pending = { value };
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
      if (inFlight) await inFlight;
    },
    async nextSlot() {
      if (inFlight) await inFlight;
      const wait = lastEditEnded + intervalMs - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}
