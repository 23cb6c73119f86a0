import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { freePort } from './ports.ts';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TestContext } from 'node:test';
import { createClient } from 'redis';

/**
 * A Redis for tests: REDIS_URL when set (shared; tests keep to their own key prefix), else a
 * `redis-server` of our own on a free loopback port, with no persistence, killed on teardown.
 * Without either, Redis suites are skipped, unless REQUIRE_REDIS=1 (CI), where they must run.
 */
export interface TestRedis {
  /** redis://127.0.0.1:<port> (or REDIS_URL). */
  readonly url: string;
  /** true for a redis-server of our own: pause, resume and restart work only on one. */
  readonly owned: boolean;
  /** Deletes every key under the prefix (never the whole database: suites share REDIS_URL). */
  flush(prefix: string): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing (a hung Redis). */
  pause(): void;
  resume(): void;
  /** Kills the server and starts a fresh, empty one on the same port (an outage and recovery). */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

const SKIPPED = 'Redis suites skipped: redis-server not found; set REDIS_URL or install redis-server';

export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** For node:test's `skip` option: false when Redis suites can (or, under REQUIRE_REDIS=1, must) run. */
export function redisSkip(): string | false {
  if (process.env.REDIS_URL || findRedisServer() || process.env.REQUIRE_REDIS === '1') return false;
  if (!warned) {
    warned = true;
    console.log(SKIPPED);
  }
  return SKIPPED;
}
let warned = false;

/** A key prefix no other test uses, so suites can share one Redis. */
export function uniquePrefix(label = 'test'): string {
  return `test:${label}:${randomUUID()}:`;
}

export async function startRedis(): Promise<TestRedis> {
  const shared = process.env.REDIS_URL;
  if (shared) return sharedRedis(shared);
  const binary = findRedisServer();
  if (!binary) throw new Error(`REQUIRE_REDIS=1 but no Redis: ${SKIPPED.replace('Redis suites skipped: ', '')}`);
  return ownRedis(binary);
}

/** startRedis() for one test: stopped when the test ends. */
export async function withRedis(t: TestContext): Promise<TestRedis> {
  const redis = await startRedis();
  t.after(() => redis.stop());
  return redis;
}

function sharedRedis(url: string): TestRedis {
  const notOwned = () => {
    throw new Error('REDIS_URL is a shared Redis: tests that pause or restart it need their own redis-server');
  };
  return { url, owned: false, flush: (prefix) => flushPrefix(url, prefix), pause: notOwned, resume: notOwned, restart: async () => notOwned(), stop: async () => undefined };
}

async function ownRedis(binary: string): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  let port = 0;
  let child: ChildProcess | undefined;
  // A free port can be taken between asking and binding: try a few.
  for (let attempt = 0; attempt < 5 && !child; attempt += 1) {
    port = await freePort();
    child = await launch(binary, port, dir).catch(() => undefined);
  }
  if (!child) throw new Error('redis-server did not start');
  const url = `redis://127.0.0.1:${port}`;
  // If the test process dies without teardown, the server must not outlive it.
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);
  const kill = async () => {
    const running = child;
    child = undefined;
    if (running) await terminate(running);
  };
  return {
    url,
    owned: true,
    flush: (prefix) => flushPrefix(url, prefix),
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    restart: async ({ downMs = 0 } = {}) => {
      await kill();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await launch(binary, port, dir);
    },
    stop: async () => {
      await kill();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch(binary: string, port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited: ${stderr.trim()}`);
    if (await answersPing(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await terminate(child);
  throw new Error('redis-server did not answer PING within 5 s');
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A paused server ignores SIGTERM until continued.
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

export { freePort };

async function flushPrefix(url: string, prefix: string): Promise<void> {
  if (!prefix) throw new Error('flush needs a key prefix');
  const client = createClient({ url, RESP: 2 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}
