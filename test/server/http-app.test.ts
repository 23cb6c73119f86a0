import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createHttpApp } from '../../src/server/create-http-app.ts';

test('malformed or oversized JSON gets a short JSON error, never an HTML page with a stack trace', async () => {
  const router = express.Router();
  router.post('/api/messages', express.json({ limit: '1kb' }), (_req, res) => void res.json({ ok: true }));
  router.post('/boom', () => {
    throw new Error('secret internals at /work/main/src/x.ts');
  });
  const server = createHttpApp([{ name: 'teams', router }]).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (path: string, body: string) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  try {
    const malformed = await post('/api/messages', '{"type": ');
    assert.deepEqual([malformed.status, JSON.parse(malformed.text)], [400, { error: 'bad request' }]);
    const big = await post('/api/messages', JSON.stringify({ type: 'message', text: 'x'.repeat(5000) }));
    assert.deepEqual([big.status, JSON.parse(big.text)], [413, { error: 'request body too large' }]);
    const boom = await post('/boom', '{}');
    assert.deepEqual([boom.status, JSON.parse(boom.text)], [500, { error: 'internal error' }]);
    for (const answer of [malformed, big, boom]) {
      assert.match(answer.type, /application\/json/);
      assert.doesNotMatch(answer.text, /node_modules|\/work\/|at /);
    }
    assert.equal((await post('/api/messages', '{"type":"message"}')).status, 200);
  } finally {
    server.close();
  }
});
