import type { KeyValueStore } from '../core/store.ts';
import type { Readiness } from './create-http-app.ts';

/** A readiness probe answers within this even when the store hangs. */
const PING_LIMIT_MS = 1_000;

/** Ready while not draining and the store answers a ping in time. */
export function storeReadiness(store: KeyValueStore, draining: () => boolean): Readiness {
  return async () => {
    if (draining()) return { ready: false, reason: 'shutting down' };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        store.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the store did not answer in time')), PING_LIMIT_MS))),
      ]);
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `${store.kind} store unreachable: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      clearTimeout(timer);
    }
  };
}
