import { appendFile } from 'node:fs/promises';
import type { AuditEvent, AuditSink } from '../core/audit.ts';

export interface JsonlAuditSink extends AuditSink {
  /** Resolves when every line recorded so far is on disk (tests, shutdown). */
  flush(): Promise<void>;
}

/**
 * Appends one JSON line per event. Writes are chained so lines keep their order; a failed write is
 * reported once through `onError` and never breaks the flow that recorded it.
 */
export function createJsonlAuditSink(path: string, onError: (error: unknown) => void, now: () => number = Date.now): JsonlAuditSink {
  let chain: Promise<void> = Promise.resolve();
  return {
    record(event: AuditEvent) {
      const line = `${JSON.stringify({ at: new Date(now()).toISOString(), ...event })}\n`;
      chain = chain.then(() => appendFile(path, line, { mode: 0o600 })).catch(onError);
    },
    flush: () => chain,
  };
}
