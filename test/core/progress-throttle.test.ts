import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressThrottle } from '../../src/core/progress-throttle.ts';

test('emits the first value at once, then at most one per interval, always the latest', async () => {
  const emitted: number[] = [];
  const throttle = createProgressThrottle<number>(40, async (value) => {
    emitted.push(value);
  });
  throttle.push(1);
  throttle.push(2);
  throttle.push(3);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(emitted, [1]);
  await new Promise((resolve) => setTimeout(resolve, 70));
  assert.deepEqual(emitted, [1, 3]);
  throttle.push(4);
  await throttle.stop();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(emitted, [1, 3], 'nothing is emitted after stop');
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
