import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';
import { createRedisStore } from '../../src/store/redis-store.ts';
import { redisSkip, uniquePrefix, withRedis } from '../support/redis-server.ts';

// The command line with REDIS_URL: the bot's store, so the terminal and the chat bot share one
// suppression window. The real bin in a child process, a real Redis, the simulator over HTTP.

const BIN = new URL('../../bin/resend-activation.js', import.meta.url).pathname;

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

test('with REDIS_URL the command line skips someone the bot emailed within the window, and the bot sees what the command line sent', { skip: redisSkip() }, async (t) => {
  const redis = await withRedis(t);
  const sim = await startOktaSimulator({ users: [{ login: 'alice@corp.example', status: 'PROVISIONED' }, { login: 'bob@corp.example', status: 'PROVISIONED' }] });
  t.after(() => sim.close());
  const prefix = uniquePrefix('cli');
  const bot = createRedisStore({ url: redis.url, keyPrefix: prefix });
  t.after(() => bot.close());
  await bot.ready();
  const alice = sim.getUser('alice@corp.example')!;
  const bob = sim.getUser('bob@corp.example')!;
  // The chat bot emailed Alice a minute ago: its claim is in Redis.
  await bot.set(`suppress:${alice.id}`, { planId: 'plan_from_slack' }, 600);

  const dir = await mkdtemp(join(tmpdir(), 'cli-redis-'));
  const env = { OKTA_ORG_URL: sim.url, OKTA_API_TOKEN: sim.apiToken, REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, RESEND_STATE_PATH: join(dir, 'sent.jsonl') };
  const result = await run(['alice@corp.example', 'bob@corp.example', '--yes'], env);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(sim.outbox.map((email) => email.to), ['bob@corp.example'], 'only Bob: Alice is inside the bot’s window');
  assert.match(result.stdout, /alice@corp\.example.*(last 10 minutes|recently)/i);
  // And the other way round: the bot now sees the command line's claim on Bob.
  assert.notEqual(await bot.get(`suppress:${bob.id}`), undefined);
});

test('with REDIS_URL set but Redis down, the command line refuses (exit 2) and calls no lifecycle endpoint', async (t) => {
  const sim = await startOktaSimulator({ users: [{ login: 'alice@corp.example', status: 'PROVISIONED' }] });
  t.after(() => sim.close());
  const dir = await mkdtemp(join(tmpdir(), 'cli-redis-'));
  const result = await run(['alice@corp.example', '--yes'], { OKTA_ORG_URL: sim.url, OKTA_API_TOKEN: sim.apiToken, REDIS_URL: 'redis://127.0.0.1:1', RESEND_STATE_PATH: join(dir, 'sent.jsonl') });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /Redis does not answer/);
  assert.doesNotMatch(result.stderr, /127\.0\.0\.1:1/, 'the URL (which may carry a password) is not echoed');
  assert.equal(sim.outbox.length, 0);
});
