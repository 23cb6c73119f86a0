import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { StoreUnavailableError } from '../../src/core/errors.ts';
import { createRedisStore, type RedisStore, type RedisStoreOptions } from '../../src/store/redis-store.ts';
import { freePort, redisSkip, startRedis, uniquePrefix, type TestRedis } from '../support/redis-server.ts';
import { storeContract } from './store-contract.ts';

describe('redis store', { skip: redisSkip() }, () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis?.stop());

  /** A connected store under a prefix of its own, closed and cleaned when the test ends. */
  async function openStore(t: TestContext, options: Partial<RedisStoreOptions> = {}): Promise<RedisStore> {
    const keyPrefix = options.keyPrefix ?? uniquePrefix('store');
    const store = createRedisStore({ url: redis.url, keyPrefix, ...options });
    t.after(async () => {
      await store.close();
      await redis.flush(keyPrefix);
    });
    await store.ready();
    return store;
  }

  async function rawClient(t: TestContext) {
    const client = createClient({ url: redis.url, RESP: 2 });
    client.on('error', () => undefined);
    await client.connect();
    t.after(() => client.destroy());
    return client;
  }

  storeContract('redis store', (t) => openStore(t));

  test('replicas (one connection each) sharing a prefix agree on every claim', async (t) => {
    const keyPrefix = uniquePrefix('replicas');
    const replicas = await Promise.all(Array.from({ length: 5 }, () => openStore(t, { keyPrefix })));
    const pick = (index: number) => replicas[index % replicas.length] as RedisStore;
    const claims = await Promise.all(Array.from({ length: 50 }, (_, index) => pick(index).setIfAbsent('claim', index, 60)));
    assert.equal(claims.filter(Boolean).length, 1);
    const now = Date.now();
    const records = await Promise.all(Array.from({ length: 20 }, (_, index) => pick(index).recordInWindow('window', now, 60_000, 5)));
    assert.equal(records.filter(Boolean).length, 5);
    const counts = await Promise.all(Array.from({ length: 50 }, (_, index) => pick(index).increment('counter', 60)));
    assert.deepEqual([...counts].sort((a, b) => a - b), Array.from({ length: 50 }, (_, index) => index + 1));
  });

  test('two prefixes on one Redis do not see each other; keys are stored prefixed, values as JSON', async (t) => {
    const [prefixA, prefixB] = [uniquePrefix('a'), uniquePrefix('b')];
    const a = await openStore(t, { keyPrefix: prefixA });
    const b = await openStore(t, { keyPrefix: prefixB });
    await a.set('plan', { id: 'p1' }, 60);
    await a.addToSet('set', 'x', 60);
    await a.hashSet('hash', 'f', 1, 60);
    await a.increment('counter', 60);
    assert.equal(await b.get('plan'), undefined);
    assert.equal(await b.setIfAbsent('plan', { id: 'p2' }, 60), true);
    assert.deepEqual(await b.setMembers('set'), []);
    assert.deepEqual(await b.hashGetAll('hash'), {});
    assert.equal(await b.increment('counter', 60), 1);
    assert.equal(await b.deleteIfEquals('plan', { id: 'p1' }), false);
    assert.deepEqual(await a.get('plan'), { id: 'p1' });
    const raw = await rawClient(t);
    assert.equal(await raw.get(`${prefixA}plan`), '{"id":"p1"}');
    assert.equal(await raw.get(`${prefixB}plan`), '{"id":"p2"}');
    assert.equal(await raw.get('plan'), null);
  });

  test('decimal TTLs become milliseconds (at least 1 ms)', async (t) => {
    const keyPrefix = uniquePrefix('ttl');
    const store = await openStore(t, { keyPrefix });
    const raw = await rawClient(t);
    await store.set('short', 1, 0.25);
    await store.set('tiny', 1, 0.0001);
    await store.addToSet('set', 'm', 1.5);
    const short = await raw.pTTL(`${keyPrefix}short`);
    assert.ok(short > 0 && short <= 250, `PTTL ${short}`);
    const set = await raw.pTTL(`${keyPrefix}set`);
    assert.ok(set > 1_000 && set <= 1_500, `PTTL ${set}`);
    await sleep(300);
    assert.equal(await store.get('short'), undefined);
    assert.equal(await store.get('tiny'), undefined);
  });

  test('Redis down at start-up: creating does not throw; operations reject fast; nothing leaks the password', async () => {
    const port = await freePort();
    const errors: string[] = [];
    const store = createRedisStore({
      url: `redis://bot:s3cret-pw@127.0.0.1:${port}/0`,
      keyPrefix: uniquePrefix('down'),
      commandTimeoutMs: 500,
      connectTimeoutMs: 500,
      maxReconnectDelayMs: 200,
      onError: (message) => errors.push(message),
    });
    try {
      const started = Date.now();
      const failures = await Promise.all([
        store.get('k').catch((error: unknown) => error),
        store.setIfAbsent('k', 1, 60).catch((error: unknown) => error),
        store.increment('k', 60).catch((error: unknown) => error),
        store.ping().catch((error: unknown) => error),
        store.ready(300).catch((error: unknown) => error),
      ]);
      assert.ok(Date.now() - started < 1_500, `took ${Date.now() - started} ms`);
      for (const failure of failures) {
        assert.ok(failure instanceof StoreUnavailableError, String(failure));
        assert.equal(failure.code, 'store_unavailable');
        assert.doesNotMatch(failure.message, /s3cret|bot:|127\.0\.0\.1/);
      }
      await sleep(300);
      assert.ok(errors.length > 0, 'connection errors are reported');
      for (const message of errors) assert.doesNotMatch(message, /s3cret/);
    } finally {
      await store.close();
    }
    await assert.rejects(store.get('k'), StoreUnavailableError);
  });

  test('a Redis that accepts connections and never answers: operations reject within the limit', async (t) => {
    const sockets = new Set<Socket>();
    const blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      for (const socket of sockets) socket.destroy();
      blackHole.close();
    });
    const address = blackHole.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const store = createRedisStore({ url: `redis://127.0.0.1:${port}`, keyPrefix: uniquePrefix('hole'), commandTimeoutMs: 300, connectTimeoutMs: 300 });
    t.after(() => store.close());
    const started = Date.now();
    await assert.rejects(store.ready(400), StoreUnavailableError);
    await assert.rejects(store.set('k', 1, 60), StoreUnavailableError);
    await assert.rejects(store.ping(), StoreUnavailableError);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  });

  test('a Redis that hangs mid-connection: operations reject within the limit, and work again when it answers', async (t) => {
    if (!redis.owned) return t.skip('needs a redis-server of our own (REDIS_URL is shared)');
    const store = await openStore(t, { commandTimeoutMs: 300 });
    await store.set('k', 'before', 60);
    redis.pause();
    try {
      const started = Date.now();
      await assert.rejects(store.get('k'), StoreUnavailableError);
      await assert.rejects(store.ping(), StoreUnavailableError);
      assert.ok(Date.now() - started < 1_500, `took ${Date.now() - started} ms`);
    } finally {
      redis.resume();
    }
    assert.equal(await store.get('k'), 'before');
  });

  test('a Redis restart: operations fail while it is down, then the store reconnects by itself', async (t) => {
    if (!redis.owned) return t.skip('needs a redis-server of our own (REDIS_URL is shared)');
    const store = await openStore(t, { commandTimeoutMs: 500, maxReconnectDelayMs: 200 });
    const restarted = redis.restart({ downMs: 400 });
    await sleep(100);
    await assert.rejects(store.set('k', 1, 60), StoreUnavailableError);
    await restarted;
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        await store.ping();
        break;
      } catch (error) {
        assert.ok(error instanceof StoreUnavailableError);
        assert.ok(Date.now() < deadline, 'reconnected within 5 s');
        await sleep(50);
      }
    }
    assert.equal(await store.setIfAbsent('k', 1, 60), true);
  });

  test('a URL that is not redis:// or rediss:// is refused without repeating it', () => {
    assert.throws(
      () => createRedisStore({ url: 'http://user:pw-secret@127.0.0.1:6379', keyPrefix: 'x:' }),
      (error: Error) => !error.message.includes('pw-secret') && /redis:\/\/ or rediss:\/\//.test(error.message),
    );
  });
});
