/**
 * The store's multi-step operations as Lua: Redis runs a script as one command, so no other
 * client's command lands between its steps (what the port promises replicas). Scripts are used
 * instead of MULTI even where MULTI would do (sets, hashes), because node-redis applies its
 * per-command time limit and its offline check to single commands only, not to a MULTI batch.
 * No arithmetic on timestamps here: Lua 5.1 prints numbers with 14 digits, so the caller passes
 * every score and duration ready-made, as strings.
 */

/** KEYS[1] = key, ARGV[1] = expected JSON. Returns 1 when deleted. */
export const DELETE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** KEYS[1] = key, ARGV[1] = expected JSON, ARGV[2] = ttl ms. Returns 1 when renewed. */
export const RENEW_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** KEYS[1] = set, ARGV[1] = member, ARGV[2] = ttl ms. */
export const ADD_TO_SET = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** KEYS[1] = hash, ARGV[1] = field, ARGV[2] = JSON, ARGV[3] = ttl ms. */
export const HASH_SET = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * KEYS[1] = sorted set of record times; ARGV[1] = cutoff (records at or before it have left the
 * window), ARGV[2] = now, ARGV[3] = max, ARGV[4] = a unique member (two records in the same
 * millisecond must both count), ARGV[5] = window ms (the key's life). Returns 1 when recorded.
 */
export const RECORD_IN_WINDOW = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/** KEYS[1] = counter, ARGV[1] = ttl ms, set by the first increment only. Returns the count. */
export const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count`;

/** KEYS[1] = sorted set, ARGV[1] = member, ARGV[2] = score (due time, ms), ARGV[3] = ttl ms. */
export const QUEUE_ADD = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;
