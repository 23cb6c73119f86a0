/**
 * Coalesces progress updates so a surface edits its message at most once per interval (Slack and
 * Teams rate-limit edits; ~2 s reads as live). The latest value always wins; `stop` drops what is pending
 * (the final report replaces it) and waits for edits already on their way.
 */
export interface ProgressThrottle<T> {
  push(value: T): void;
  stop(): Promise<void>;
}

export function createProgressThrottle<T>(
  intervalMs: number,
  emit: (value: T) => Promise<void>,
  now: () => number = Date.now,
): ProgressThrottle<T> {
  // The progress message was just posted: that counts as the first emission, so the first edit
  // comes an interval later (a run shorter than that never edits it: the final report replaces it).
  let lastEmit = now();
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();

  const send = (): void => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    lastEmit = now();
    // Edits go out one after another so an older value never lands after a newer one.
    chain = chain.then(() => emit(value)).catch(() => undefined);
  };

  return {
    push(value) {
      pending = { value };
      if (timer) return;
      const wait = lastEmit + intervalMs - now();
      if (wait <= 0) send();
      else timer = setTimeout(send, wait);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
      await chain;
    },
  };
}
