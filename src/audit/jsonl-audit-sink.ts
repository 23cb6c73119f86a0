import { appendFile } from 'node:fs/promises';
import type { AuditEvent, AuditSink } from '../core/audit.ts';
import { withCurrentCorrelation } from '../core/correlation.ts';

export interface JsonlAuditSink extends AuditSink {
  /** Resolves when every line recorded so far is on disk (tests, shutdown). */
  flush(): Promise<void>;
}

/**
 * Appends one JSON line per event. Writes are chained so lines keep their order; a failed write
 * never breaks the flow that recorded it, and is reported through `onError` once until writing
 * works again (a full disk must not flood the log with one error per event).
 */
export function createJsonlAuditSink(path: string, onError: (error: unknown) => void, now: () => number = Date.now): JsonlAuditSink {
  let chain: Promise<void> = Promise.resolve();
  let failing = false;
  return {
    record(event: AuditEvent) {
      // The request's correlation id, read here: record() runs in the context of the call that recorded.
      const line = `${JSON.stringify({ at: new Date(now()).toISOString(), ...withCurrentCorrelation(event) })}\n`;
      chain = chain
        .then(() => appendFile(path, line, { mode: 0o600 }))
        .then(
          () => {
            failing = false;
          },
          (error: unknown) => {
            if (!failing) onError(error);
            failing = true;
          },
        );
    },
    flush: () => chain,
  };
}

/**
 * Checks at start-up that the audit file can be written (created with mode 0600 if new), so a
 * wrong AUDIT_LOG_PATH stops the start instead of losing every event later.
 */
export async function assertAuditPathWritable(path: string): Promise<void> {
  try {
    await appendFile(path, '', { mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`AUDIT_LOG_PATH "${path}" cannot be written (${code}). Point it at a file in a writable directory.`);
  }
}
