import type { StoreSettings } from '../config.ts';
import type { KeyValueStore } from '../core/store.ts';
import type { Logger } from '../logging/logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { createRedisStore } from '../store/redis-store.ts';

/** How long start-up waits for Redis before starting anyway (not ready until it answers). */
const STARTUP_WAIT_MS = 5_000;

/**
 * The store REDIS_URL asks for: Redis (shared by replicas, survives restarts) or, unset, this
 * process's memory (the demo, one-process installs: lost on restart). Says which, once. A Redis
 * that does not answer yet does not stop start-up: /readyz reports not ready until it does, and
 * requests meanwhile are told to try again shortly.
 */
export async function openStore(settings: StoreSettings, logger: Logger, options: { readonly quiet?: boolean; readonly onError?: () => void } = {}): Promise<KeyValueStore> {
  if (!settings.redisUrl) {
    if (!options.quiet) logger.warn({ store: 'memory' }, 'state store: in memory (REDIS_URL unset): plans, approvals, runs and the suppression window are lost on restart, and replicas would not agree. Set REDIS_URL for production.');
    return createMemoryStore();
  }
  const onError = (message: string) => {
    logger.warn({ store: 'redis' }, message);
    // Counted too (metrics: store errors); the message stays in the log, it is no label.
    options.onError?.();
  };
  const store = createRedisStore({ url: settings.redisUrl, keyPrefix: settings.keyPrefix, onError });
  try {
    await store.ready(STARTUP_WAIT_MS);
    logger.info({ store: 'redis', keyPrefix: settings.keyPrefix }, 'state store: Redis (shared by replicas, survives restarts)');
  } catch (error) {
    logger.error({ store: 'redis', err: error }, 'state store: Redis does not answer yet; not ready until it does');
  }
  return store;
}
