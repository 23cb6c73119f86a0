import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/core/plan.ts';
import type { Identifier } from '../../src/core/identifiers.ts';
import type { Resolution } from '../../src/core/lifecycle.ts';
import type { Requester } from '../../src/core/requester.ts';
import { directoryUser } from '../support/users.ts';

const requester: Requester = { surface: 'console', userId: 'console:helen', email: null, displayName: 'helen', groupIds: [] };
const id = (raw: string, line: number): Identifier => ({ raw, kind: 'email', value: raw.toLowerCase(), line });

function plan(resolutions: Resolution[]) {
  return buildPlan({ id: 'plan_x', requester, now: 1_000, ttlMs: 60_000, resolutions, rejected: [], duplicates: 0 });
}

test('no match: skipped as not found, with no user', () => {
  const [entry] = plan([{ identifier: id('ghost@corp.example', 1), matches: [] }]).entries;
  assert.equal(entry?.decision.kind === 'skip' && entry.decision.reason, 'not_found');
  assert.equal(entry?.user, null);
});

test('an email shared by two users is ambiguous, lists both logins, and never picks one', () => {
  const a = directoryUser('PROVISIONED', { id: '00uAAAAAAAAAAAAAAAAA', login: 'sam.lee@corp.example', email: 'shared@corp.example' });
  const b = directoryUser('PROVISIONED', { id: '00uBBBBBBBBBBBBBBBBB', login: 'sam.lee2@corp.example', email: 'shared@corp.example' });
  const result = plan([{ identifier: id('shared@corp.example', 1), matches: [a, b] }]);
  const entry = result.entries[0];
  assert.equal(entry?.decision.kind === 'skip' && entry.decision.reason, 'ambiguous');
  assert.match(entry?.decision.kind === 'skip' ? entry.decision.message : '', /sam\.lee@corp\.example, sam\.lee2@corp\.example/);
  assert.equal(entry?.user, null);
  assert.equal(result.counts.send, 0);
});

test('one person named twice (login and Okta id) is planned once', () => {
  const user = directoryUser('PROVISIONED');
  const result = plan([
    { identifier: id('alice.nguyen@corp.example', 1), matches: [user] },
    { identifier: { raw: user.id, kind: 'oktaId', value: user.id, line: 2 }, matches: [user] },
  ]);
  assert.equal(result.counts.send, 1);
  assert.equal(result.entries[1]?.decision.kind === 'skip' && result.entries[1].decision.reason, 'duplicate_user');
});

test('a lookup error is a skip with the reason, not a guess', () => {
  const [entry] = plan([{ identifier: id('x@corp.example', 1), matches: [], error: 'Okta lookup failed: timeout' }]).entries;
  assert.equal(entry?.decision.kind === 'skip' && entry.decision.reason, 'lookup_failed');
});

test('expiry is creation time plus the TTL', () => {
  const result = plan([]);
  assert.equal(result.expiresAt, 61_000);
});
