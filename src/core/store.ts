/**
 * The state port: pending plans, approvals, claims, the suppression window, durable runs and their
 * leases, requester counters, duplicate-delivery guards. Two implementations live outside the core
 * (src/store): node-cache for one process (the demo), Redis for replicas and restarts. Every
 * operation here is atomic in both, so no read-modify-write is left to callers: replicas that
 * share a Redis agree on every claim.
 *
 * Values are plain JSON data (objects, arrays, strings, numbers, booleans). Comparisons
 * (`deleteIfEquals`, `renewIfEquals`) compare the JSON form, so compare with the value as stored.
 * A store that cannot be reached throws StoreUnavailableError (see errors.ts) from any operation.
 */
export interface KeyValueStore {
  /** Which store this is, for the start-up line and /readyz ("memory" or "redis"). */
  readonly kind: 'memory' | 'redis';
  /** false: state is lost when the process ends (so a run cannot be handed over on shutdown). */
  readonly durable: boolean;

  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  /** Atomically stores the value only if the key is absent; true when this call stored it. */
  setIfAbsent<T>(key: string, value: T, ttlSeconds: number): Promise<boolean>;
  delete(key: string): Promise<void>;

  /** Deletes the key only while it still holds `value` (a claim or lease given back by its holder). */
  deleteIfEquals<T>(key: string, value: T): Promise<boolean>;
  /** Restarts the key's time to live only while it still holds `value` (a lease renewed by its holder). */
  renewIfEquals<T>(key: string, value: T, ttlSeconds: number): Promise<boolean>;

  /** Adds to a set of strings; the set's time to live restarts. */
  addToSet(key: string, member: string, ttlSeconds: number): Promise<void>;
  removeFromSet(key: string, members: readonly string[]): Promise<void>;
  setMembers(key: string): Promise<string[]>;

  /** One field of a hash (a run's per-user state); the hash's time to live restarts. */
  hashSet<T>(key: string, field: string, value: T, ttlSeconds: number): Promise<void>;
  hashGetAll<T>(key: string): Promise<Record<string, T>>;

  /**
   * Sliding-window counter: records `now` under the key if fewer than `max` records lie within
   * the last `windowMs`, and says whether it did. Atomic, so replicas never let more through.
   */
  recordInWindow(key: string, now: number, windowMs: number, max: number): Promise<boolean>;

  /**
   * A queue of members by due time (epoch ms): adds the member, or moves it to a new time. Timed
   * work (scheduled sends, follow-ups, delivery checks) waits here; the queue lives `ttlSeconds`.
   */
  queueAdd(key: string, member: string, dueAt: number, ttlSeconds: number): Promise<void>;
  /** Members due at or before `upTo`, earliest first, at most `limit`. */
  queueDue(key: string, upTo: number, limit: number): Promise<Array<{ readonly member: string; readonly dueAt: number }>>;
  queueRemove(key: string, members: readonly string[]): Promise<void>;

  /** Adds 1 and returns the new count; the key lives `ttlSeconds` from its first increment. */
  increment(key: string, ttlSeconds: number): Promise<number>;

  /** Resolves when the store answers (readiness); throws StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
