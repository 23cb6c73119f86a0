import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runConsoleChat } from '../../src/console/console-chat.ts';
import type { Requester } from '../../src/core/requester.ts';
import { demoUsers } from '../../src/okta-simulator/index.ts';
import { startSimulatedRuntime } from '../support/okta-runtime.ts';
import { demoExtras } from '../../src/demo/demo-extras.ts';

const me: Requester = { surface: 'console', userId: 'console:helen', email: null, displayName: 'helen', groupIds: [] };

async function chat(lines: string[]) {
  const rt = await startSimulatedRuntime({ helpdeskUsers: [me.userId], simulator: { users: demoUsers() } });
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const done = runConsoleChat({ service: rt.service, requester: me, input, output, extras: demoExtras(rt.sim), progressIntervalMs: 10 });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await done;
  return { text, rt };
}

test('the demo console plans, confirms and reports through the same core', async () => {
  const { text, rt } = await chat(['/resend-activation alice.nguyen@corp.example', 'confirm', 'outbox']);
  try {
    assert.match(text, /Resend activation emails to 1 user\?/);
    assert.match(text, /will activate/);
    assert.match(text, /1 sent · 0 skipped · 0 failed/);
    assert.match(text, /activation\s+→ alice\.nguyen@corp\.example/);
    assert.equal(rt.sim.outbox.length, 1);
  } finally {
    await rt.close();
  }
});

test('cancel sends nothing; unknown words get a hint; escape sequences in input are neutralised', async () => {
  const { text, rt } = await chat(['/resend-activation alice.nguyen@corp.example', 'cancel', 'frobnicate', '/resend-activation \u001b[2Jevil@corp.example']);
  try {
    assert.match(text, /Cancelled: nothing was sent/);
    assert.match(text, /Unknown command/);
    assert.ok(!text.includes('\u001b[2J'), 'the escape sequence never reaches the terminal');
    assert.equal(rt.sim.outbox.length, 0);
  } finally {
    await rt.close();
  }
});

test('an already-active user gets no email by default; "reset" offers the password reset as its own plan', async () => {
  const { text, rt } = await chat(['/resend-activation frank.moreau@corp.example', 'confirm', 'reset', 'confirm']);
  try {
    assert.match(text, /Nothing to send/);
    assert.match(text, /No plan is waiting/, 'confirm does nothing while nothing is planned');
    assert.match(text, /Also possible: Send password-reset email instead \(1\)/);
    assert.match(text, /WARNING: This sends password-reset emails/);
    assert.deepEqual(rt.sim.outbox.map((mail) => [mail.to, mail.kind]), [['frank.moreau@corp.example', 'password_reset']]);
  } finally {
    await rt.close();
  }
});

test('the console schedules a plan instead of sending it: listed, cancellable, and sent once at its time', async () => {
  const rt = await startSimulatedRuntime({ helpdeskUsers: [me.userId], simulator: { users: demoUsers() } });
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const done = runConsoleChat({ service: rt.service, requester: me, input, output, progressIntervalMs: 10 });
  const say = async (line: string, expect: RegExp) => {
    input.write(`${line}\n`);
    for (let i = 0; i < 200 && !expect.test(text); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(text, expect);
  };
  try {
    await say('/resend-activation carol.diaz@corp.example', /Type "confirm"/);
    await say('schedule in 1s', /Scheduled (job_\S+):/);
    const id = /Scheduled (job_\S+):/.exec(text)![1]!;
    await say('scheduled', new RegExp(`${id}.*carol\\.diaz`));
    await say('/resend-activation dan.okafor@corp.example', /dan\.okafor@corp\.example {2}PROVISIONED/);
    await say('schedule in 1s', /Scheduled (job_\S+):[\s\S]*Scheduled (job_\S+):/);
    const second = [...text.matchAll(/Scheduled (job_\S+):/g)][1]![1]!;
    await say(`unschedule ${second}`, /Cancelled: .*nothing will be sent/);
    assert.equal(rt.sim.outbox.length, 0, 'nothing before the time');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await rt.service.runDueWork();
    for (let i = 0; i < 100 && !/it is time/.test(text); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(text, /scheduled send by helen — it is time/);
    assert.deepEqual(rt.sim.outbox.map((mail) => mail.to), ['carol.diaz@corp.example'], 'the cancelled one never');
  } finally {
    input.end();
    await done;
    await rt.close();
  }
});
