import NodeCache from 'node-cache';
import type { KeyValueStore } from '../core/store.ts';

/**
 * The default store: in-process, on node-cache. One replica only, and lost on restart; several
 * replicas (or runs that must survive a deploy) need Redis behind the same port. Every operation
 * runs synchronously inside one tick, so each is atomic for this process, as the port requires.
 * useClones is off: values are plain data that nobody mutates, and cloning 1,000-user plans is
 * waste. Sets, hashes and windows are kept as plain values under their key.
 */
export function createMemoryStore(): KeyValueStore {
  const cache = new NodeCache({ useClones: false, checkperiod: 60 });
  // node-cache reads a TTL of 0 as "forever": every TTL here is at least a second.
  const ttl = (seconds: number) => Math.max(1, Math.ceil(seconds));
  const same = (a: unknown, b: unknown) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
  const setOf = (key: string) => cache.get<Set<string>>(key) ?? new Set<string>();
  return {
    kind: 'memory',
    durable: false,
    get: async <T>(key: string) => cache.get<T>(key),
    set: async <T>(key: string, value: T, ttlSeconds: number) => {
      cache.set(key, value, ttl(ttlSeconds));
    },
    setIfAbsent: async <T>(key: string, value: T, ttlSeconds: number) => {
      if (cache.has(key)) return false;
      cache.set(key, value, ttl(ttlSeconds));
      return true;
    },
    delete: async (key: string) => {
      cache.del(key);
    },
    deleteIfEquals: async <T>(key: string, value: T) => {
      if (!same(cache.get(key), value)) return false;
      cache.del(key);
      return true;
    },
    renewIfEquals: async <T>(key: string, value: T, ttlSeconds: number) => {
      if (!same(cache.get(key), value)) return false;
      return cache.ttl(key, ttl(ttlSeconds));
    },
    addToSet: async (key: string, member: string, ttlSeconds: number) => {
      const members = setOf(key);
      members.add(member);
      cache.set(key, members, ttl(ttlSeconds));
    },
    removeFromSet: async (key: string, members: readonly string[]) => {
      const current = cache.get<Set<string>>(key);
      if (!current) return;
      for (const member of members) current.delete(member);
      if (current.size === 0) cache.del(key);
    },
    setMembers: async (key: string) => [...setOf(key)],
    hashSet: async <T>(key: string, field: string, value: T, ttlSeconds: number) => {
      const hash = cache.get<Map<string, unknown>>(key) ?? new Map<string, unknown>();
      hash.set(field, value);
      cache.set(key, hash, ttl(ttlSeconds));
    },
    hashGetAll: async <T>(key: string) => Object.fromEntries(cache.get<Map<string, T>>(key) ?? new Map<string, T>()) as Record<string, T>,
    recordInWindow: async (key: string, now: number, windowMs: number, max: number) => {
      const recent = (cache.get<number[]>(key) ?? []).filter((at) => at > now - windowMs);
      if (recent.length >= max) {
        cache.set(key, recent, ttl(windowMs / 1000));
        return false;
      }
      cache.set(key, [...recent, now], ttl(windowMs / 1000));
      return true;
    },
    queueAdd: async (key: string, member: string, dueAt: number, ttlSeconds: number) => {
      const queue = cache.get<Map<string, number>>(key) ?? new Map<string, number>();
      queue.set(member, dueAt);
      cache.set(key, queue, ttl(ttlSeconds));
    },
    queueDue: async (key: string, upTo: number, limit: number) =>
      [...(cache.get<Map<string, number>>(key) ?? new Map<string, number>())]
        .filter(([, dueAt]) => dueAt <= upTo)
        .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
        .slice(0, limit)
        .map(([member, dueAt]) => ({ member, dueAt })),
    queueRemove: async (key: string, members: readonly string[]) => {
      const queue = cache.get<Map<string, number>>(key);
      for (const member of members) queue?.delete(member);
    },
    increment: async (key: string, ttlSeconds: number) => {
      // The first increment starts the key's life; later ones keep its end exactly (node-cache
      // would round a re-set TTL up to a second each time, and a busy counter would never end).
      const now = Date.now();
      const current = cache.get<{ count: number; until: number }>(key);
      const live = current && current.until > now ? current : { count: 0, until: now + ttlSeconds * 1000 };
      const next = { count: live.count + 1, until: live.until };
      cache.set(key, next, ttl((next.until - now) / 1000));
      return next.count;
    },
    ping: async () => undefined,
    close: async () => {
      cache.close();
    },
  };
}
