import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { boltLogger } from '../../src/slack/bolt-logger.ts';

test('Bolt log lines go through our logger with Slack tokens blanked out', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
  const log = boltLogger(pino({ level: 'debug' }, sink));
  log.debug('calling with token xoxb-1234-5678-abcdEFGH and app token', 'xapp-1-A0-99-ff', { retry: 1 });
  log.error(new Error('invalid_auth'));
  const text = lines.join('');
  assert.doesNotMatch(text, /xoxb-1234|xapp-1-A0/);
  assert.equal((JSON.parse(lines[0] ?? '{}') as { msg: string }).msg, 'calling with token [redacted] and app token [redacted] {"retry":1}');
  assert.match(text, /"component":"bolt"/);
  assert.match(text, /invalid_auth/);
});
