import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressThrottle } from '../../src/core/progress-throttle.ts';

test('no edit sooner than one interval after the start (the posted message), then at most one per interval, always the latest', async () => {
  const started = performance.now();
  const emitted: Array<{ value: number; at: number }> = [];
  const throttle = createProgressThrottle<number>(40, async (value) => {
    emitted.push({ value, at: performance.now() });
  });
  throttle.push(1);
  throttle.push(2);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(emitted.length, 0, 'nothing at once: the message was just posted');
  // Waits for the edits however slow the machine is; only their spacing is asserted.
  while (emitted.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
  throttle.push(3);
  throttle.push(4);
  while (emitted.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(emitted.map((e) => e.value), [2, 4], 'the latest value each time');
  assert.ok(emitted[0]!.at - started >= 35, 'the first edit waits an interval');
  assert.ok(emitted[1]!.at - emitted[0]!.at >= 35, 'and so does the next');
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
  assert.deepEqual(emitted, [], 'the pending edit is dropped: the final report replaces it');
});

test('edits go out in order, one at a time, even when one is slow', async () => {
  const emitted: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const throttle = createProgressThrottle<number>(0, async (value) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, value === 1 ? 30 : 0));
    emitted.push(value);
    inFlight--;
  });
  throttle.push(1);
  throttle.push(2);
  while (emitted.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  await throttle.stop();
  assert.deepEqual(emitted, [1, 2]);
  assert.equal(maxInFlight, 1, 'never two edits of one message at once');
});

test('a slow edit does not make the next ones bunch up: the interval runs from the end of the previous edit', async () => {
  const spans: Array<{ start: number; end: number }> = [];
  let slow = true;
  const throttle = createProgressThrottle<number>(40, async () => {
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, slow ? 120 : 0));
    slow = false;
    spans.push({ start, end: performance.now() });
  });
  // A steady stream of progress, as a bulk run produces, while the first edit is slow.
  const feeder = setInterval(() => throttle.push(1), 5);
  while (spans.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(feeder);
  await throttle.stop();
  for (let i = 1; i < spans.length; i++) {
    assert.ok(spans[i]!.start >= spans[i - 1]!.end + 35, `edit ${i} started ${spans[i]!.start - spans[i - 1]!.end} ms after the previous one ended`);
  }
});

test('nextSlot waits until an interval has passed since the last edit, so a final edit keeps the pace', async () => {
  const ends: number[] = [];
  const throttle = createProgressThrottle<number>(60, async () => {
    ends.push(performance.now());
  });
  throttle.push(1);
  while (ends.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
  await throttle.stop();
  await throttle.nextSlot();
  assert.ok(performance.now() - ends[0]! >= 55, 'the final edit may go out only an interval after the last one');
});
