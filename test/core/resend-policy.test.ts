import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideResend } from '../../src/core/resend-policy.ts';
import { directoryUser } from '../support/users.ts';

// One test per row of the resend policy table in shared/okta-lifecycle.md.

test('STAGED without a password: activate (sendEmail defaults to true, the gateway passes it anyway)', () => {
  assert.deepEqual(decideResend(directoryUser('STAGED')), { kind: 'send', action: 'activate', note: null });
});

test('STAGED with a password: activate, and say they become ACTIVE with no link to finish', () => {
  const decision = decideResend(directoryUser('STAGED', { hasPassword: true }));
  assert.equal(decision.kind, 'send');
  assert.equal(decision.kind === 'send' && decision.action, 'activate');
  assert.match(decision.kind === 'send' ? (decision.note ?? '') : '', /ACTIVE/);
});

test('PROVISIONED: reactivate (the common resend)', () => {
  assert.deepEqual(decideResend(directoryUser('PROVISIONED')), { kind: 'send', action: 'reactivate', note: null });
});

test('RECOVERY never activated: reactivate', () => {
  assert.deepEqual(decideResend(directoryUser('RECOVERY', { activated: null })), { kind: 'send', action: 'reactivate', note: null });
});

test('RECOVERY activated before: no call, password reset pending, reset offered only as an alternative', () => {
  const decision = decideResend(directoryUser('RECOVERY', { activated: '2026-01-05T10:00:00.000Z' }));
  assert.equal(decision.kind, 'skip');
  assert.equal(decision.kind === 'skip' && decision.reason, 'password_reset_pending');
  assert.equal(decision.kind === 'skip' && decision.alternative, 'reset_password');
});

for (const status of ['ACTIVE', 'PASSWORD_EXPIRED'] as const) {
  test(`${status}: no call, already active, reset offered only as an alternative`, () => {
    const decision = decideResend(directoryUser(status, { activated: '2026-01-05T10:00:00.000Z' }));
    assert.equal(decision.kind === 'skip' && decision.reason, 'already_active');
    assert.equal(decision.kind === 'skip' && decision.alternative, 'reset_password');
  });
}

test('LOCKED_OUT: no call, hint to unlock', () => {
  const decision = decideResend(directoryUser('LOCKED_OUT'));
  assert.equal(decision.kind === 'skip' && decision.reason, 'locked_out');
  assert.match(decision.kind === 'skip' ? (decision.hint ?? '') : '', /[Uu]nlock/);
});

test('SUSPENDED: no call, hint to unsuspend', () => {
  const decision = decideResend(directoryUser('SUSPENDED'));
  assert.equal(decision.kind === 'skip' && decision.reason, 'suspended');
  assert.match(decision.kind === 'skip' ? (decision.hint ?? '') : '', /[Uu]nsuspend/);
});

test('DEPROVISIONED: no call; activation would restore a deactivated account (admin-only alternative)', () => {
  const decision = decideResend(directoryUser('DEPROVISIONED'));
  assert.equal(decision.kind === 'skip' && decision.reason, 'deprovisioned');
  assert.equal(decision.kind === 'skip' && decision.alternative, 'activate_deprovisioned');
});

test('any status with transitioningToStatus set: no call, try again shortly', () => {
  for (const status of ['STAGED', 'PROVISIONED', 'DEPROVISIONED'] as const) {
    const decision = decideResend(directoryUser(status, { transitioningToStatus: 'ACTIVE' }));
    assert.equal(decision.kind === 'skip' && decision.reason, 'transitioning', status);
  }
});

test('the policy never chooses a destructive or emailless call', () => {
  const statuses = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;
  for (const status of statuses) {
    const decision = decideResend(directoryUser(status));
    if (decision.kind === 'send') assert.ok(['activate', 'reactivate'].includes(decision.action));
  }
});
