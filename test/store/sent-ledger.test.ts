import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { openSentLedger } from '../../src/store/sent-ledger.ts';

const noError = (error: unknown) => assert.fail(String(error));

test('a claim is on disk before the call that follows it, and the next run starts with it', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'ledger-')), 'state', 'sent.jsonl');
  const first = await openSentLedger(path, createMemoryStore(), noError);
  assert.equal(await first.setIfAbsent('suppress:00u1', { planId: 'p' }, 600), true);
  // No flush: the claim's own promise already waited for the line.
  assert.match(await readFile(path, 'utf8'), /"key":"suppress:00u1"/);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  await first.setIfAbsent('plan:x', { any: 1 }, 600);
  await first.setIfAbsent('suppress:00u2', { planId: 'p' }, 600);
  await first.delete('suppress:00u2');
  const second = await openSentLedger(path, createMemoryStore(), noError);
  assert.equal(await second.setIfAbsent('suppress:00u1', { planId: 'q' }, 600), false, 'still inside the window');
  assert.equal(await second.setIfAbsent('suppress:00u2', { planId: 'q' }, 600), true, 'released claims are not kept');
  assert.equal(await second.get('plan:x'), undefined, 'only the suppression window is kept');
});

test('expired claims are dropped at start, and a write that fails later is reported once, never thrown', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  const path = join(dir, 'sent.jsonl');
  let clock = 1_800_000_000_000;
  const old = await openSentLedger(path, createMemoryStore(), noError, () => clock);
  await old.setIfAbsent('suppress:00u1', { planId: 'p' }, 60);
  clock += 61_000;
  const fresh = await openSentLedger(path, createMemoryStore(), noError, () => clock);
  assert.equal(await fresh.setIfAbsent('suppress:00u1', { planId: 'q' }, 60), true);

  const errors: unknown[] = [];
  const failing = await openSentLedger(path, createMemoryStore(), (error) => errors.push(error), () => clock);
  await rm(dir, { recursive: true, force: true });
  assert.equal(await failing.setIfAbsent('suppress:00u3', { planId: 'p' }, 60), true, 'the run goes on');
  assert.equal(await failing.setIfAbsent('suppress:00u4', { planId: 'p' }, 60), true);
  await failing.flush();
  assert.equal(errors.length, 1, 'reported once');
});
