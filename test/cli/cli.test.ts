import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.ts';
import { startOktaSimulator, type OktaSimulator } from '../../src/okta-simulator/index.ts';

// End to end: the real `resend-activation` bin in a child process (no TTY), against the simulator
// over HTTP through the SDK, exactly as an admin would run it with OKTA_ORG_URL and OKTA_API_TOKEN.

const BIN = new URL('../../bin/resend-activation.js', import.meta.url).pathname;
let sim: OktaSimulator;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'resend-cli-'));
});

async function freshSim(options: { latencyMs?: number; emailCooldownMs?: number; extraUsers?: number } = {}) {
  await sim?.close();
  sim = await startOktaSimulator({
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
    ...(options.emailCooldownMs !== undefined ? { emailCooldownMs: options.emailCooldownMs } : {}),
    users: [
      ...Array.from({ length: options.extraUsers ?? 0 }, (_, i) => ({ login: `hire${i}@corp.example`, status: 'PROVISIONED' as const })),
      { login: 'alice.nguyen@corp.example', status: 'PROVISIONED', firstName: 'Alice' },
      { login: 'bob.li@corp.example', status: 'STAGED', firstName: 'Bob' },
      { login: 'carol.active@corp.example', status: 'ACTIVE', activated: '2026-01-01T00:00:00.000Z', hasPassword: true },
      { login: 'gone.user@corp.example', status: 'DEPROVISIONED', activated: '2021-01-01T00:00:00.000Z' },
    ],
  });
}

after(async () => {
  await sim?.close();
});

let runs = 0;
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // Each run keeps its record of recent emails in a file of its own unless a test shares one:
  // the simulator's ids repeat from one test to the next.
  const base = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', RESEND_STATE_PATH: join(dir, `state-${++runs}.jsonl`) };
  const oktaEnv = sim ? { OKTA_ORG_URL: sim.url, OKTA_API_TOKEN: sim.apiToken } : {};
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...base, ...oktaEnv, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

const lifecycleCalls = () => sim.calls.filter((call) => call.path.includes('/lifecycle/'));

test('--yes resends to a PROVISIONED and a STAGED user, skips an ACTIVE one, exits 0', async () => {
  await freshSim();
  const result = await run(['alice.nguyen@corp.example,bob.li@corp.example', 'carol.active@corp.example', '--yes']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /2 emails to send/);
  assert.match(result.stdout, /2 sent · 1 skipped · 0 failed/);
  assert.deepEqual(sim.outbox.map((mail) => mail.to).sort(), ['alice.nguyen@corp.example', 'bob.li@corp.example']);
  assert.deepEqual(lifecycleCalls().map((call) => call.path.split('/').pop()).sort(), ['activate', 'reactivate']);
});

test('without --yes and without a terminal it refuses, exit 2, and calls no lifecycle endpoint', async () => {
  await freshSim();
  const result = await run(['alice.nguyen@corp.example']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /without confirmation.*--yes/s);
  assert.equal(lifecycleCalls().length, 0);
  assert.equal(sim.outbox.length, 0);
});

test('--dry-run shows the plan and calls no lifecycle endpoint', async () => {
  await freshSim();
  const result = await run(['alice.nguyen@corp.example', '--dry-run']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /reactivate/);
  assert.match(result.stdout, /Dry run/);
  assert.equal(lifecycleCalls().length, 0);
});

test('--json prints parseable results with Okta request ids and never a link or token', async () => {
  await freshSim();
  const result = await run(['alice.nguyen@corp.example', '--yes', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout) as { report: { counts: { sent: number }; results: Array<{ oktaRequestId: string | null }> } };
  assert.equal(json.report.counts.sent, 1);
  assert.ok(json.report.results[0]?.oktaRequestId);
  assert.doesNotMatch(result.stdout + result.stderr, /activationUrl|activationToken|\/welcome\/|SSWS|sim-api-token/i);
});

test('--file with a header, a bad row and a duplicate: resends the good rows, reports the bad line, exits 1', async () => {
  await freshSim();
  const file = join(dir, 'hires.csv');
  await writeFile(file, '\uFEFF"Username","First name"\r\nalice.nguyen@corp.example,Alice\r\nnot an email@,X\r\nALICE.NGUYEN@corp.example,Alice\r\n');
  const csv = join(dir, 'results.csv');
  const result = await run(['--file', file, '--yes', '--csv', csv]);
  assert.equal(result.code, 1, 'a rejected input row makes the exit status 1');
  assert.match(result.stdout, /line 3/);
  assert.equal(sim.outbox.length, 1);
  assert.match(await readFile(csv, 'utf8'), /^line,input,okta_user_id/);
});

test('a binary file is refused with a clear message, exit 2, and no Okta call at all', async () => {
  await freshSim();
  const file = join(dir, 'hires.xlsx');
  await writeFile(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3]));
  const result = await run(['--file', file, '--yes']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /CSV/);
  assert.equal(sim.calls.length, 0);
});

test('usage and configuration errors exit 2 and name what to fix', async () => {
  await freshSim();
  const noArgs = await run([]);
  assert.equal(noArgs.code, 2);
  assert.match(noArgs.stderr, /Usage:/);
  const noOkta = await run(['alice.nguyen@corp.example', '--yes'], { OKTA_ORG_URL: '', OKTA_API_TOKEN: '' });
  assert.equal(noOkta.code, 2);
  assert.match(noOkta.stderr, /OKTA_ORG_URL/);
  const plainHttp = await run(['alice.nguyen@corp.example', '--yes'], { OKTA_ORG_URL: 'http://corp.okta.com' });
  assert.equal(plainHttp.code, 2);
  assert.match(plainHttp.stderr, /OKTA_ORG_URL must use https/);
  assert.equal(sim.calls.length, 0);
});

test('--demo runs against the embedded simulator and says so', async () => {
  const result = await run(['alice.nguyen@corp.example', '--demo', '--yes'], { OKTA_ORG_URL: '', OKTA_API_TOKEN: '' });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /DEMO MODE/);
  assert.match(result.stdout, /1 sent/);
});

test('a wrong Okta token is a configuration error (exit 2) that says what to check', async () => {
  await freshSim();
  const result = await run(['alice.nguyen@corp.example', '--yes'], { OKTA_API_TOKEN: 'wrong-token' });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /credentials \(E0000011/);
  assert.equal(lifecycleCalls().length, 0);
});

test('roles: chat roles do not apply to the operator; deactivated and active users are skipped, never reactivated or reset; the run is audited', async () => {
  await freshSim();
  const auditPath = join(dir, 'cli-audit.jsonl');
  const result = await run(['alice.nguyen@corp.example', 'gone.user@corp.example', 'carol.active@corp.example', '--yes'], { HELPDESK_USERS: 'U0SOMEONEELSE', AUDIT_LOG_PATH: auditPath });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /1 sent · 2 skipped · 0 failed/);
  assert.match(result.stdout, /gone\.user@corp\.example.*deactivated/i);
  assert.deepEqual(sim.outbox.map((mail) => [mail.to, mail.kind]), [['alice.nguyen@corp.example', 'activation']]);
  assert.equal(sim.getUser('gone.user@corp.example')?.status, 'DEPROVISIONED');
  const events = (await readFile(auditPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; actor?: unknown; oktaRequestId?: string });
  assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), ['confirm', 'lifecycle', 'lookup', 'outcome', 'plan', 'request', 'request_outcome', 'user_outcome']);
  assert.equal(events.filter((e) => e.type === 'user_outcome').length, 3, 'every user named has an outcome line');
  const call = events.find((e) => e.type === 'lifecycle');
  assert.ok(call?.oktaRequestId, 'the Okta request id is kept');
  assert.doesNotMatch(await readFile(auditPath, 'utf8'), new RegExp(sim.apiToken), 'no token in the audit file');
});

test('a user who is not found makes the exit status 1, though everyone else was emailed', async () => {
  await freshSim();
  const result = await run(['alice.nguyen@corp.example', 'nobody@corp.example', '--yes']);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /1 sent · 1 skipped · 0 failed/);
  assert.equal(sim.outbox.length, 1);
});

test('Okta out of reach: the lookups fail, nothing is sent, and the exit status is 1, not 0', async () => {
  await freshSim();
  const result = await run(['alice.nguyen@corp.example', '--yes'], { OKTA_ORG_URL: 'http://127.0.0.1:1' });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /lookup failed/i);
});

test('a re-run inside the window skips whom the first run emailed (the record outlives the process); --force sends anyway', async () => {
  await freshSim({ emailCooldownMs: 0 });
  const state = join(dir, 'shared-state.jsonl');
  const first = await run(['alice.nguyen@corp.example', '--yes'], { RESEND_STATE_PATH: state });
  assert.equal(first.code, 0, first.stderr);
  const again = await run(['alice.nguyen@corp.example', 'bob.li@corp.example', '--yes'], { RESEND_STATE_PATH: state });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /alice\.nguyen@corp\.example.*skipped.*last 10 minutes/);
  assert.deepEqual(sim.outbox.map((mail) => mail.to), ['alice.nguyen@corp.example', 'bob.li@corp.example'], 'alice once, bob once');
  const forced = await run(['alice.nguyen@corp.example', '--yes', '--force'], { RESEND_STATE_PATH: state });
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(sim.outbox.filter((mail) => mail.to === 'alice.nguyen@corp.example').length, 2, '--force is an explicit second email');
});

test('--dry-run --csv writes the plan with every row, the ones not understood included', async () => {
  await freshSim();
  const csv = join(dir, 'plan.csv');
  const result = await run(['alice.nguyen@corp.example', 'carol.active@corp.example', 'bad@@x', '--dry-run', '--csv', csv]);
  assert.equal(result.code, 1, 'a row not understood');
  const rows = (await readFile(csv, 'utf8')).trim().split('\r\n');
  assert.equal(rows[0], 'line,input,okta_user_id,login,status,plan,detail');
  assert.match(rows[1] ?? '', /alice\.nguyen@corp\.example,.*,reactivate,/);
  assert.match(rows[2] ?? '', /carol\.active@corp\.example.*skip:already_active/);
  assert.match(rows[3] ?? '', /bad@@x,,,,rejected,/);
  assert.equal(lifecycleCalls().length, 0);
});

test('a long run shows progress on stderr while it works', async () => {
  await freshSim({ latencyMs: 150, extraUsers: 16 });
  const hires = Array.from({ length: 16 }, (_, i) => `hire${i}@corp.example`);
  const result = await run([...hires, '--yes'], { RESEND_CONCURRENCY: '1' });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Working… \d+ of 16 users done \(\d+ sent, 0 failed\)/);
  assert.equal(sim.outbox.length, 16);
});

/** A terminal for runCli: a readable marked as a TTY that answers the prompt. */
function terminal(answer: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    if (err.includes('[y/N]')) stdin.write(`${answer}\n`);
  });
  stdout.resume();
  return { stdin, stdout, stderr, text: () => err };
}

test('on a terminal it asks y/N: Enter cancels and sends nothing, "y" sends', async () => {
  await freshSim();
  const env = { OKTA_ORG_URL: sim.url, OKTA_API_TOKEN: sim.apiToken, RESEND_STATE_PATH: join(dir, 'tty-state.jsonl') };
  const no = terminal('');
  assert.equal(await runCli({ argv: ['alice.nguyen@corp.example'], env, ...no }), 0);
  assert.match(no.text(), /Send 1 activation email\(s\)\? \[y\/N\][\s\S]*Cancelled: nothing was sent/);
  assert.equal(lifecycleCalls().length, 0);
  const yes = terminal('y');
  assert.equal(await runCli({ argv: ['alice.nguyen@corp.example'], env, ...yes }), 0);
  assert.deepEqual(sim.outbox.map((mail) => mail.to), ['alice.nguyen@corp.example']);
});

test('an AUDIT_LOG_PATH that cannot be written stops the run before Okta is called (exit 2)', async () => {
  await freshSim();
  const result = await run(['alice.nguyen@corp.example', '--yes'], { AUDIT_LOG_PATH: join(dir, 'no-such-dir', 'audit.jsonl') });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /AUDIT_LOG_PATH .* cannot be written \(ENOENT\)/);
  assert.equal(sim.calls.length, 0);
});

test('--at schedules the send and waits for it: nothing before the time, each user once at it; a time that has passed is refused', async () => {
  await freshSim();
  // Three seconds ahead, to the second, in UTC (ISO 8601 with seconds, as the design allows).
  const at = new Date(Date.now() + 3_000).toISOString().slice(0, 19);
  const started = Date.now();
  const pending = run(['alice.nguyen@corp.example', '--yes', '--at', at, '--tz', 'UTC']);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.equal(sim.outbox.length, 0, 'nothing before its time');
  const result = await pending;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Scheduled: .* \(UTC\)/);
  assert.ok(Date.now() - started >= 2_500, 'it waited');
  assert.deepEqual(sim.outbox.map((mail) => mail.to), ['alice.nguyen@corp.example']);

  const past = await run(['bob.li@corp.example', '--yes', '--at', '2020-01-01T08:00', '--tz', 'UTC']);
  assert.equal(past.code, 2);
  assert.match(past.stderr, /has already passed/);
  assert.equal(sim.outbox.length, 1);
});
