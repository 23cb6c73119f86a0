/**
 * The state port: pending plans, claims and the suppression window. The default lives outside the
 * core (src/store, on node-cache); a shared store (Redis) can replace it so replicas agree.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  /** Atomically stores the value only if the key is absent; true when this call stored it. */
  setIfAbsent<T>(key: string, value: T, ttlSeconds: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}
