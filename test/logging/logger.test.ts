import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
  return { lines, logger: createLogger('debug', 'test', stream) };
}

test('an HTTP client error that carries its request (and so the bearer token) is logged by what it says only', () => {
  const { lines, logger } = capture();
  const error = Object.assign(new Error('A request error occurred: connect ECONNREFUSED 127.0.0.1:9'), {
    code: 'slack_webapi_request_error',
    original: { config: { headers: { Authorization: 'Bearer xoxb-secret-token' } } },
    data: { error: 'not_in_channel', response_metadata: { scopes: ['chat:write'] } },
  });
  logger.error({ err: error }, 'slack job failed');
  const line = JSON.parse(lines[0] ?? '{}') as { err: Record<string, unknown> };
  assert.doesNotMatch(lines.join(''), /xoxb-secret-token/);
  assert.equal(line.err.message, 'A request error occurred: connect ECONNREFUSED 127.0.0.1:9');
  assert.equal(line.err.code, 'slack_webapi_request_error');
  assert.equal(line.err.slackError, 'not_in_channel');
});

test('secret-looking fields are redacted', () => {
  const { lines, logger } = capture();
  logger.info({ token: 'xoxb-1', headers: { authorization: 'SSWS abc' }, user: { activationUrl: 'https://corp.okta.com/welcome/xyz' } }, 'x');
  assert.doesNotMatch(lines.join(''), /xoxb-1|SSWS abc|welcome\/xyz/);
});
