import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createJsonlAuditSink } from '../../src/audit/jsonl-audit-sink.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { withCorrelation } from '../../src/core/correlation.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';
import { ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import { D, HELEN, withSlack } from '../slack/slack-harness.ts';

// Issue 13, item 4: one correlation id per chat request or click and per command-line run, on
// every audit line (and log line) it causes, Okta reads and lifecycle calls included.

interface AuditLine {
  readonly type: string;
  readonly correlationId?: string;
  readonly planId?: string;
  readonly oktaRequestId?: string | null;
  readonly oktaRequestIds?: readonly string[];
}

async function auditLines(path: string): Promise<AuditLine[]> {
  return (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as AuditLine);
}

test('Slack: the slash command\'s request, lookup and plan lines share one id; the Confirm click\'s confirm, lifecycle and outcome lines another', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'correlation-')), 'audit.jsonl');
  const sink = createJsonlAuditSink(path, (error) => assert.fail(String(error)));
  await withSlack(async (h) => {
    await h.command(HELEN, `alice.nguyen@${D}`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    await h.click(plan, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
  }, { audit: sink });
  await sink.flush();
  const lines = await auditLines(path);
  for (const line of lines) assert.ok(line.correlationId && /^slack-[0-9a-f]{12}$/.test(line.correlationId), `${line.type} line has an id: ${JSON.stringify(line)}`);

  // Everything up to the click was the command's doing; everything from the click on, the click's
  // (its job re-reads each user right before the call: lookup lines on both sides).
  const clickAt = lines.findIndex((l) => l.type === 'confirm');
  assert.ok(clickAt > 0, 'a confirm line');
  const before = lines.slice(0, clickAt);
  const after = lines.slice(clickAt);
  const request = before[0]?.correlationId;
  const click = after[0]?.correlationId;
  assert.notEqual(click, request, 'the click is a request of its own');
  for (const [part, id, types] of [[before, request, ['request', 'lookup', 'plan', 'request_outcome']], [after, click, ['confirm', 'lookup', 'lifecycle', 'user_outcome', 'outcome']]] as const) {
    for (const type of types) assert.ok(part.some((l) => l.type === type), `a ${type} line`);
    for (const line of part) assert.equal(line.correlationId, id, `${line.type}: ${JSON.stringify(line)}`);
  }
  // An operator goes from the id to Okta's request ids, and from the plan id to the other request.
  assert.ok(lines.find((l) => l.type === 'lifecycle')?.oktaRequestId, 'the lifecycle line names X-Okta-Request-Id');
  assert.ok((lines.find((l) => l.type === 'lookup')?.oktaRequestIds ?? []).length > 0);
  assert.equal(new Set(lines.map((l) => l.planId).filter(Boolean)).size, 1, 'the plan id joins both');
});

test('command line: every audit line of one run carries the same id, another run another', async () => {
  const sim = await startOktaSimulator({ users: [{ login: 'alice.nguyen@corp.example', status: 'PROVISIONED' }, { login: 'bob.li@corp.example', status: 'STAGED' }] });
  const dir = await mkdtemp(join(tmpdir(), 'correlation-cli-'));
  const path = join(dir, 'audit.jsonl');
  const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  const env = { OKTA_ORG_URL: sim.url, OKTA_API_TOKEN: sim.apiToken, AUDIT_LOG_PATH: path, RESEND_STATE_PATH: join(dir, 'sent.jsonl'), HOME: dir };
  try {
    const io = () => ({ env, stdin: Object.assign(new PassThrough(), { isTTY: false }), stdout: quiet(), stderr: quiet() });
    assert.equal(await runCli({ argv: ['alice.nguyen@corp.example', 'bob.li@corp.example', '--yes'], ...io() }), 0);
    const first = await auditLines(path);
    assert.deepEqual([...new Set(first.map((l) => l.type))].sort(), ['confirm', 'lifecycle', 'lookup', 'outcome', 'plan', 'request', 'request_outcome', 'user_outcome']);
    const ids = new Set(first.map((l) => l.correlationId));
    assert.equal(ids.size, 1, `one id: ${[...ids].join(', ')}`);
    assert.match([...ids][0] ?? '', /^cli-[0-9a-f]{12}$/);
    assert.equal(await runCli({ argv: ['alice.nguyen@corp.example', '--dry-run'], ...io() }), 0);
    const second = (await auditLines(path)).slice(first.length);
    assert.ok(second.length > 0);
    assert.ok(second.every((l) => l.correlationId === second[0]?.correlationId && !ids.has(l.correlationId)), 'the next run has its own id');
  } finally {
    await sim.close();
  }
});

test('log lines written while serving a request name its id; others none', () => {
  const lines: string[] = [];
  const logger = createLogger('info', 'test', { write: (line: string) => lines.push(line) });
  withCorrelation('slack-0123456789ab', () => logger.info('inside'));
  logger.info('outside');
  const [inside, outside] = lines.map((line) => JSON.parse(line) as { msg: string; correlationId?: string });
  assert.equal(inside?.correlationId, 'slack-0123456789ab');
  assert.equal(outside?.correlationId, undefined);
});
