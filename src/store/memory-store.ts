import NodeCache from 'node-cache';
import type { KeyValueStore } from '../core/store.ts';

/**
 * The default store: in-process, on node-cache. One replica only; several replicas behind a load
 * balancer need a shared store (Redis) behind the same port so they agree on claims.
 * useClones is off: plans are plain data that nobody mutates, and cloning 1,000-user plans is waste.
 */
export function createMemoryStore(): KeyValueStore {
  const cache = new NodeCache({ useClones: false, checkperiod: 60 });
  return {
    get: async <T>(key: string) => cache.get<T>(key),
    set: async <T>(key: string, value: T, ttlSeconds: number) => {
      cache.set(key, value, ttlSeconds);
    },
    // Check-and-set runs synchronously inside one tick, so it is atomic for this process.
    setIfAbsent: async <T>(key: string, value: T, ttlSeconds: number) => {
      if (cache.has(key)) return false;
      cache.set(key, value, ttlSeconds);
      return true;
    },
    delete: async (key: string) => {
      cache.del(key);
    },
  };
}
