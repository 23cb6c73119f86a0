import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedDownload } from '../../src/net/bounded-download.ts';

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: URL; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/f`), server };
}

test('a body cut off half-way is a failed download, not a crash', async () => {
  const { url, server } = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.write('email\nalice@corp.example\n');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  try {
    assert.deepEqual(await boundedDownload(url, 1024), { kind: 'failed', status: null });
  } finally {
    server.close();
  }
});

test('over the limit: refused from Content-Length before the body, or cut mid-stream without one', async () => {
  const { url, server } = await serve((req, res) => {
    if (req.headers['x-chunked']) {
      res.writeHead(200);
      for (let i = 0; i < 20; i++) res.write('x'.repeat(100));
      res.end();
    } else {
      res.writeHead(200, { 'content-length': 5000 });
      res.end('y'.repeat(5000));
    }
  });
  try {
    assert.deepEqual(await boundedDownload(url, 1000), { kind: 'too_large', bytes: 5000 });
    assert.deepEqual(await boundedDownload(url, 1000, { headers: { 'x-chunked': '1' } }), { kind: 'too_large', bytes: null });
    const ok = await boundedDownload(url, 10_000, { headers: { 'x-chunked': '1' } });
    assert.equal(ok.kind, 'ok');
    assert.equal(ok.kind === 'ok' ? ok.bytes.byteLength : 0, 2000);
  } finally {
    server.close();
  }
});

test('redirects are followed only to hosts the caller accepts, and the headers go only there', async () => {
  const seen: Array<{ path: string; auth: string | undefined }> = [];
  const { url, server } = await serve((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization });
    if (req.url === '/f') {
      res.writeHead(302, { location: '/g' });
      res.end();
    } else if (req.url === '/g') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
      res.end();
    } else {
      res.end('ok');
    }
  });
  try {
    const sameHost = (next: URL) => next.host === url.host;
    assert.deepEqual(await boundedDownload(url, 100, { headers: { authorization: 'Bearer t' }, mayFollow: sameHost }), { kind: 'failed', status: 302 });
    assert.deepEqual(seen, [{ path: '/f', auth: 'Bearer t' }, { path: '/g', auth: 'Bearer t' }], 'the metadata address was never asked');
    assert.deepEqual(await boundedDownload(url, 100), { kind: 'failed', status: 302 }, 'no predicate: no redirect followed');
  } finally {
    server.close();
  }
});
