import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';
import { freePort } from '../support/ports.ts';
import { startServerProcess } from '../support/server-process.ts';

// src/main.ts as deployed, configured through the environment only: where /metrics is served.

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;


async function statusOf(url: string): Promise<number | null> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
}

/** Starts main with Okta at the simulator and no chat surface, runs `body` once /healthz answers, then SIGTERM. */
async function withServer(extraEnv: Record<string, string>, port: number, body: () => Promise<void>): Promise<void> {
  const sim = await startOktaSimulator({ users: [] });
  const child = startServerProcess(['--import', 'tsx', MAIN], port, { OKTA_ORG_URL: sim.url, OKTA_API_TOKEN: sim.apiToken, LOG_LEVEL: 'warn', ...extraEnv });
  try {
    await child.healthy();
    await body();
    child.kill('SIGTERM');
    assert.equal(await child.exited, 0, `a clean shutdown (${child.output()})`);
  } finally {
    child.kill('SIGKILL');
    await sim.close();
  }
}

test('METRICS_PORT serves /metrics on its own port (and nothing else there); the main port then answers 404 for /metrics', async () => {
  const port = await freePort();
  const metricsPort = await freePort();
  await withServer({ METRICS_PORT: String(metricsPort) }, port, async () => {
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(scrape.status, 200);
    assert.match(scrape.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await scrape.text();
    assert.match(text, /^# TYPE resend_activation_requests_total counter$/m);
    assert.match(text, /^resend_activation_approvals_waiting 0$/m);
    assert.match(text, /^process_resident_memory_bytes /m);
    assert.equal(await statusOf(`http://127.0.0.1:${port}/metrics`), 404);
    assert.equal(await statusOf(`http://127.0.0.1:${metricsPort}/healthz`), 404, 'the metrics port serves /metrics only');
  });
});

test('without METRICS_PORT, /metrics is on the main port', async () => {
  const port = await freePort();
  await withServer({}, port, async () => {
    const scrape = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(scrape.status, 200);
    assert.match(await scrape.text(), /^# HELP resend_activation_users_total /m);
  });
});
