import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressThrottle } from '../../src/core/progress-throttle.ts';

test('emits the first value at once, then at most one per interval, always the latest', async () => {
  const emitted: Array<{ value: number; at: number }> = [];
  const throttle = createProgressThrottle<number>(40, async (value) => {
    emitted.push({ value, at: performance.now() });
  });
  throttle.push(1);
  throttle.push(2);
  throttle.push(3);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(emitted.map((e) => e.value), [1]);
  // Waits for the second edit however slow the machine is; only its spacing is asserted.
  while (emitted.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(emitted.map((e) => e.value), [1, 3], 'the latest value, 2 never shown');
  assert.ok(emitted[1]!.at - emitted[0]!.at >= 35, 'not before the interval');
  await throttle.stop();
});

test('stop drops the pending value: nothing is emitted after the run ended', async () => {
  const emitted: number[] = [];
  const throttle = createProgressThrottle<number>(60_000, async (value) => {
    emitted.push(value);
  });
  throttle.push(1);
  throttle.push(2);
  await throttle.stop();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(emitted, [1]);
});

test('edits go out in order even when one is slow', async () => {
  const emitted: number[] = [];
  const throttle = createProgressThrottle<number>(0, async (value) => {
    await new Promise((resolve) => setTimeout(resolve, value === 1 ? 30 : 0));
    emitted.push(value);
  });
  throttle.push(1);
  throttle.push(2);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await throttle.stop();
  assert.deepEqual(emitted, [1, 2]);
});
