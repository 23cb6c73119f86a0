import type { KeyValueStore } from '../store.ts';

/**
 * Runs of at least this many emails take turns across every process sharing the store: Okta's
 * lifecycle rate limit belongs to the org, so two bulk runs at once (on two replicas, or in one)
 * would only finish at the same total time while crashing into 429s. Smaller runs slip between.
 */
export const BULK_RUN_MIN_USERS = 25;

const KEY = 'bulk-run:turn';
const POLL_MS = 500;

/** This run's turn at the org's rate limit, renewed while it lasts. */
export interface BulkTurn {
  release(): Promise<void>;
}

/**
 * Waits for the turn, then holds it with a renewed lease (a process that dies gives it up when
 * the lease lapses). A run taken over after a crash may find its own turn still held: it keeps it.
 * null: `stopping` said to give up waiting (shutdown).
 */
export async function takeBulkTurn(store: KeyValueStore, runId: string, leaseSeconds: number, stopping: () => boolean, onWaiting: () => void): Promise<BulkTurn | null> {
  let told = false;
  for (;;) {
    if (await store.setIfAbsent(KEY, runId, leaseSeconds)) break;
    if (await store.renewIfEquals(KEY, runId, leaseSeconds)) break;
    if (stopping()) return null;
    if (!told) onWaiting();
    told = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const renew = setInterval(() => void store.renewIfEquals(KEY, runId, leaseSeconds).catch(() => undefined), Math.max(200, (leaseSeconds * 1000) / 3));
  renew.unref();
  return {
    async release() {
      clearInterval(renew);
      await store.deleteIfEquals(KEY, runId).catch(() => undefined);
    },
  };
}
