import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { startOktaSimulator, type OktaSimulator, type SimulatorOptions } from '../../src/okta-simulator/index.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.ts';
import { freePort, uniquePrefix, withRedis, type TestRedis } from '../support/redis-server.ts';
import { HELEN, SIGNING_SECRET } from './slack-requests.ts';

// Replicas as deployed: `node --import tsx src/main.ts` child processes configured only through
// the environment, sharing one Redis (a key prefix of their own per test), one Okta simulator and
// one fake Slack Web API, both in the test process so that tests read what reached them.

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;

export interface BotExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** performance.now() when the exit was seen. */
  readonly at: number;
}

export interface Bot {
  readonly name: string;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly pid: number;
  /** This process's JSON-lines audit file (AUDIT_LOG_PATH). */
  readonly auditPath: string;
  /** Everything the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  readonly exited: Promise<BotExit>;
  isRunning(): boolean;
  /** Sends a signal; returns performance.now() at the moment it was sent. */
  signal(signal: NodeJS.Signals): number;
  /** SIGKILL if still running, and waits for the exit. */
  kill(): Promise<void>;
}

/** One test's shared world: Redis, the Okta simulator, the fake Slack API, and the bots started on them. */
export interface World {
  readonly redis: TestRedis;
  readonly prefix: string;
  readonly sim: OktaSimulator;
  readonly slack: FakeSlackApi;
  readonly auditDir: string;
  /** The environment every replica of this test gets (REDIS_URL and the rest), before `env` overrides. */
  env(overrides?: Record<string, string>): Record<string, string>;
  startBot(name: string, options?: StartBotOptions): Promise<Bot>;
}

export interface StartBotOptions {
  readonly env?: Record<string, string>;
  /** What "started" means: /readyz 200 (default), or only /healthz 200 (a bot that cannot be ready). */
  readonly waitFor?: 'ready' | 'healthy';
  readonly timeoutMs?: number;
}

export const LEASE_SECONDS = 2;
export const GRACE_SECONDS = 4;

export async function startWorld(t: TestContext, options: { simulator?: SimulatorOptions } = {}): Promise<World> {
  // Registered first, so it runs first (node:test runs `after` hooks in order): bots die before
  // Redis, the simulator and the fake Slack they talk to go away.
  const bots: Bot[] = [];
  const keys: { redis?: TestRedis; prefix?: string } = {};
  t.after(async () => {
    await Promise.all(bots.map((bot) => bot.kill()));
    // Before withRedis's own hook stops the server (a shared REDIS_URL keeps only other tests' keys).
    if (keys.redis && keys.prefix) await Promise.race([keys.redis.flush(keys.prefix).catch(() => undefined), sleep(3_000)]);
  });
  const redis = await withRedis(t);
  const prefix = uniquePrefix('e2e');
  keys.redis = redis;
  keys.prefix = prefix;
  const sim = await startOktaSimulator(options.simulator ?? {});
  t.after(() => sim.close());
  const slack = await startFakeSlackApi();
  slack.users.set(HELEN.id, HELEN);
  t.after(() => slack.close());
  const auditDir = mkdtempSync(join(tmpdir(), 'e2e-replicas-'));
  t.after(() => rmSync(auditDir, { recursive: true, force: true }));

  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    OKTA_ORG_URL: sim.url,
    OKTA_API_TOKEN: sim.apiToken,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    HOST: '127.0.0.1',
    HELPDESK_USERS: HELEN.id,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: prefix,
    RUN_LEASE_SECONDS: String(LEASE_SECONDS),
    SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    LOG_LEVEL: 'warn',
    ...overrides,
  });
  let seq = 0;
  return {
    redis,
    prefix,
    sim,
    slack,
    auditDir,
    env,
    startBot: async (name, opts = {}) => {
      const bot = await spawnBot(name, env({ AUDIT_LOG_PATH: join(auditDir, `${name}-${++seq}.jsonl`), ...opts.env }), opts, bots);
      return bot;
    },
  };
}

async function spawnBot(name: string, env: Record<string, string>, options: StartBotOptions, registry: Bot[]): Promise<Bot> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let running = true;
  // If the test process dies without its teardown, no bot outlives it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<BotExit>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      process.off('exit', killOnExit);
      resolve({ code, signal, at: performance.now() });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const bot: Bot = {
    name,
    url,
    pid: child.pid ?? -1,
    auditPath: env['AUDIT_LOG_PATH'] ?? '',
    output: () => output,
    exited,
    isRunning: () => running,
    signal: (signal) => {
      const at = performance.now();
      child.kill(signal);
      return at;
    },
    kill: async () => {
      if (!running) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  registry.push(bot);
  const probe = options.waitFor === 'healthy' ? '/healthz' : '/readyz';
  const deadline = performance.now() + (options.timeoutMs ?? 30_000);
  while (performance.now() < deadline) {
    if (!running) throw new Error(`bot ${name} exited while starting:\n${output}`);
    try {
      const response = await fetch(`${url}${probe}`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return bot;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await bot.kill();
  throw new Error(`bot ${name} did not answer ${probe} 200 in time:\n${output}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every 25 ms until it returns non-null, or fails after `timeoutMs`. */
export async function until<T>(probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
