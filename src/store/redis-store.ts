import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { KeyValueStore } from '../core/store.ts';
import { DeadlineError, describeFailure, redactorFor, toStoreUnavailable } from './redis-errors.ts';
import { ADD_TO_SET, DELETE_IF_EQUALS, HASH_SET, INCREMENT, QUEUE_ADD, RECORD_IN_WINDOW, RENEW_IF_EQUALS } from './redis-scripts.ts';

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. Never logged. */
  readonly url: string;
  /** Put before every key, so several bots (or test suites) can share one Redis. */
  readonly keyPrefix: string;
  /** Time limit of each operation, ms. A hung Redis costs a caller at most this. Default 3,000. */
  readonly commandTimeoutMs?: number;
  /** Time limit of one connection attempt, ms. Default 5,000. */
  readonly connectTimeoutMs?: number;
  /** Longest pause between reconnection attempts, ms (the backoff doubles up to it). Default 5,000. */
  readonly maxReconnectDelayMs?: number;
  /** Connection trouble, once per change of message, already free of the URL's credentials. */
  readonly onError?: (message: string) => void;
}

export interface RedisStore extends KeyValueStore {
  readonly kind: 'redis';
  /**
   * Waits for the first connection and a PING answer, at most `timeoutMs` (default: the connect
   * time limit); throws StoreUnavailableError if Redis has not answered by then. Optional: the
   * store connects and reconnects by itself. It is for start-up ("Redis answered" or not, then
   * start anyway: /readyz tells the load balancer) and for tests that need a connected store.
   */
  ready(timeoutMs?: number): Promise<void>;
}

/**
 * The shared store, for replicas and restarts, on node-redis. Creating it never throws for an
 * unreachable Redis: it connects in the background and keeps retrying with a capped backoff.
 * Until it is connected every operation (ping included, so /readyz) throws StoreUnavailableError
 * at once: the offline queue is off, so calls fail fast instead of piling up behind an outage.
 *
 *   const store = createRedisStore({ url, keyPrefix, onError: (m) => log.warn(m) });
 *   await store.ready().catch((e) => log.warn(e.message)); // then start either way
 *
 * Each operation is one Redis command (a Lua script where it takes several steps), so each is
 * atomic across replicas. Each also has its own deadline on top of node-redis's command
 * timeout, because node-redis stops timing a command once it is written to the socket: a Redis
 * that accepted the command and then hung would otherwise hold the caller forever. A late reply
 * is still read by the client (it keeps its queue in order) and dropped. RESP2 on purpose: every
 * Redis (and Redis-compatible service) speaks it, and the replies are plain strings and arrays.
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const { url, keyPrefix } = options;
  const protocol = url.slice(0, url.indexOf(':') + 1);
  // The message leaves the URL out: it may carry a password.
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw new Error('The Redis URL must start with redis:// or rediss://.');
  const commandTimeoutMs = options.commandTimeoutMs ?? 3_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 5_000;
  const redact = redactorFor(url);

  const client = createClient({
    url,
    RESP: 2,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: connectTimeoutMs,
      // 100 ms, 200 ms, … up to the cap, with jitter so that replicas do not retry in step.
      reconnectStrategy: (retries) => Math.min(100 * 2 ** Math.min(retries, 16), maxReconnectDelayMs) + Math.floor(Math.random() * 100),
    },
  });

  // Without a listener an 'error' event would end the process. Reconnection retries repeat the
  // same error every few seconds; it is reported once, and again after a recovery.
  let lastReported: string | undefined;
  const report = (error: unknown) => {
    const message = describeFailure(error, redact);
    if (message === lastReported) return;
    lastReported = message;
    options.onError?.(`Redis: ${message}`);
  };
  client.on('error', report);
  client.on('ready', () => {
    lastReported = undefined;
  });

  let closed = false;
  // Resolves on the first connection; rejects only when closed before one (failed attempts are
  // retried by the client and reported through 'error'). The store itself never waits on it.
  const connected = client.connect().then(() => undefined);
  connected.catch(() => undefined);

  const key = (name: string) => `${keyPrefix}${name}`;
  // The port's TTLs are seconds and may be fractions: Redis gets whole milliseconds, never 0.
  const ttlMs = (seconds: number) => Math.max(1, Math.round(seconds * 1000));

  async function run<T>(operation: () => Promise<T>, limitMs = commandTimeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError(limitMs)), limitMs);
    });
    try {
      return await Promise.race([operation(), deadline]);
    } catch (error) {
      // What the requester sees stays generic; the reason (OOM, READONLY, …) goes to the log.
      report(error);
      throw toStoreUnavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  const script = (source: string, name: string, args: readonly string[]) =>
    run(async () => Number(await client.eval(source, { keys: [key(name)], arguments: [...args] })));

  return {
    kind: 'redis',
    durable: true,
    // Encoding and decoding stay outside run(): bad data is a bug to surface, not an outage.
    get: async <T>(name: string) => {
      const text = await run(() => client.get(key(name)));
      return text === null ? undefined : (JSON.parse(text) as T);
    },
    set: async <T>(name: string, value: T, ttlSeconds: number) => {
      const text = encode(value);
      await run(() => client.set(key(name), text, { expiration: { type: 'PX', value: ttlMs(ttlSeconds) } }));
    },
    setIfAbsent: async <T>(name: string, value: T, ttlSeconds: number) => {
      const text = encode(value);
      const reply = await run(() => client.set(key(name), text, { condition: 'NX', expiration: { type: 'PX', value: ttlMs(ttlSeconds) } }));
      return reply !== null;
    },
    delete: async (name: string) => {
      await run(() => client.del(key(name)));
    },
    deleteIfEquals: async <T>(name: string, value: T) => (await script(DELETE_IF_EQUALS, name, [encode(value)])) === 1,
    renewIfEquals: async <T>(name: string, value: T, ttlSeconds: number) =>
      (await script(RENEW_IF_EQUALS, name, [encode(value), String(ttlMs(ttlSeconds))])) === 1,
    addToSet: async (name: string, member: string, ttlSeconds: number) => {
      await script(ADD_TO_SET, name, [member, String(ttlMs(ttlSeconds))]);
    },
    removeFromSet: async (name: string, members: readonly string[]) => {
      // SREM needs at least one member.
      if (members.length > 0) await run(() => client.sRem(key(name), [...members]));
    },
    setMembers: (name: string) => run(() => client.sMembers(key(name))),
    hashSet: async <T>(name: string, field: string, value: T, ttlSeconds: number) => {
      await script(HASH_SET, name, [field, encode(value), String(ttlMs(ttlSeconds))]);
    },
    hashGetAll: async <T>(name: string) => {
      const fields = await run(() => client.hGetAll(key(name)));
      return Object.fromEntries(Object.entries(fields).map(([field, text]) => [field, JSON.parse(text) as T]));
    },
    recordInWindow: async (name: string, now: number, windowMs: number, max: number) => {
      const args = [String(now - windowMs), String(now), String(max), `${now}:${randomUUID()}`, String(ttlMs(windowMs / 1000))];
      return (await script(RECORD_IN_WINDOW, name, args)) === 1;
    },
    queueAdd: async (name: string, member: string, dueAt: number, ttlSeconds: number) => {
      await script(QUEUE_ADD, name, [member, String(Math.round(dueAt)), String(ttlMs(ttlSeconds))]);
    },
    queueDue: async (name: string, upTo: number, limit: number) => {
      const entries = await run(() => client.zRangeByScoreWithScores(key(name), '-inf', Math.round(upTo), { LIMIT: { offset: 0, count: limit } }));
      return entries.map((entry) => ({ member: entry.value, dueAt: entry.score }));
    },
    queueRemove: async (name: string, members: readonly string[]) => {
      if (members.length > 0) await run(() => client.zRem(key(name), [...members]));
    },
    increment: (name: string, ttlSeconds: number) => script(INCREMENT, name, [String(ttlMs(ttlSeconds))]),
    ping: async () => {
      await run(() => client.ping());
    },
    ready: (timeoutMs = connectTimeoutMs) =>
      run(async () => {
        await connected;
        await client.ping();
      }, timeoutMs),
    close: async () => {
      if (closed) return;
      closed = true;
      // close() lets pending replies arrive first; a hung Redis must not hold up shutdown.
      try {
        await run(() => client.close());
      } catch {
        client.destroy();
      }
    },
  };
}

function encode(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('Store values must be JSON data.');
  return text;
}
