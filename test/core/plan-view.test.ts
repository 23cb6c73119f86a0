import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/core/plan.ts';
import { SHOWN_INPUT_CHARS } from '../../src/core/views/labels.ts';
import { describePlan } from '../../src/core/views/plan-view.ts';

test('a plan view shows at most SHOWN_INPUT_CHARS of any input: chat messages have size limits', () => {
  const long = `${'x'.repeat(4000)}`;
  const plan = buildPlan({
    id: 'plan_1',
    requester: { surface: 'slack', userId: 'U1', email: null, displayName: 'h', groupIds: [] },
    now: 0,
    ttlMs: 60_000,
    resolutions: [{ identifier: { raw: `${'y'.repeat(250)}@corp.example`, kind: 'email', value: `${'y'.repeat(250)}@corp.example`, line: 1 }, matches: [] }],
    rejected: Array.from({ length: 12 }, (_, i) => ({ line: i + 2, raw: long, reason: 'no identifier in this row' })),
    duplicates: 0,
  });
  const view = describePlan(plan);
  assert.equal(view.rejected.length, 10);
  for (const line of view.rejected) assert.ok(line.length < SHOWN_INPUT_CHARS + 60, `${line.length} characters`);
  assert.ok(view.rows.every((row) => row.who.length <= SHOWN_INPUT_CHARS));
  assert.ok(JSON.stringify(view).length < 4_000, 'the whole view stays small');
});
