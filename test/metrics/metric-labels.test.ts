import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { createMetrics } from '../../src/metrics/create-metrics.ts';
import { codeLabel } from '../../src/metrics/labels.ts';
import { oktaEndpointOf } from '../../src/metrics/okta-endpoint.ts';

const ORG = 'https://corp.okta.com';

test('Okta endpoints as labels: ids and logins templated, the query left out', () => {
  assert.equal(oktaEndpointOf('post', `${ORG}/api/v1/users/00ub0oNGTSWTBKOLGLNR/lifecycle/reactivate?sendEmail=true`), 'POST /api/v1/users/{id}/lifecycle/reactivate');
  assert.equal(oktaEndpointOf('GET', `${ORG}/api/v1/users/alice.nguyen%40corp.example`), 'GET /api/v1/users/{id}');
  // A bare login looks like a path word: its place after /users/ is what gives it away.
  assert.equal(oktaEndpointOf('GET', `${ORG}/api/v1/users/alice`), 'GET /api/v1/users/{id}');
  assert.equal(oktaEndpointOf('GET', `${ORG}/api/v1/users?search=profile.login+eq+%22a%40b.c%22`), 'GET /api/v1/users');
  assert.equal(oktaEndpointOf('GET', `${ORG}/api/v1/logs?filter=target.id+eq+%2200u1%22`), 'GET /api/v1/logs');
  assert.equal(oktaEndpointOf('POST', `${ORG}/oauth2/v1/token`), 'POST /oauth2/v1/token');
  assert.equal(oktaEndpointOf('POST', `${ORG}/api/v1/org/email/bounces/remove-list`), 'POST /api/v1/org/email/bounces/remove-list');
  assert.equal(oktaEndpointOf('GET', `${ORG}/api/v1/something/Mixed.Case@value/x`), 'GET /api/v1/something/{id}/x');
});

test('label values are codes; anything else becomes other, absent becomes none', () => {
  assert.equal(codeLabel('already_active'), 'already_active');
  assert.equal(codeLabel(null), 'none');
  assert.equal(codeLabel('alice@corp.example'), 'other');
  assert.equal(codeLabel('00ub0oNGTSWTBKOLGLNR'), 'other');
  assert.equal(codeLabel('Sent to Alice'), 'other');
  assert.equal(codeLabel('x'.repeat(60)), 'other');
});

test('audit events without a code in a code field never reach a label; run errors and runs changing hands are counted', async () => {
  const metrics = createMetrics();
  const sink = metrics.auditSink;
  sink.record({ type: 'user_outcome', planId: 'plan_x', input: 'alice@corp.example', userId: '00u1', login: 'alice@corp.example', statusBefore: 'PROVISIONED', action: null, outcome: 'skipped', reason: 'alice@corp.example', oktaRequestId: null });
  sink.record({ type: 'run_error', planId: 'plan_x', detail: 'renewing the lease: Redis: connection lost' });
  sink.record({ type: 'run_taken_over', planId: 'plan_x', owner: 'host-1', done: 1, total: 2 });
  sink.record({ type: 'run_handed_over', planId: 'plan_y', owner: 'host-1', done: 0, total: 2 });
  sink.record({ type: 'job', jobId: 'job_1', kind: 'follow_up', outcome: '3 of 4 activated: alice@corp.example…' });
  metrics.storeError();
  const text = await metrics.set.registry.metrics();
  assert.match(text, /^resend_activation_users_total\{outcome="skipped",reason="other"\} 1$/m);
  assert.match(text, /^resend_activation_store_errors_total\{source="run"\} 1$/m);
  assert.match(text, /^resend_activation_store_errors_total\{source="redis"\} 1$/m);
  assert.match(text, /^resend_activation_runs_changed_hands_total\{change="taken_over"\} 1$/m);
  assert.match(text, /^resend_activation_runs_changed_hands_total\{change="handed_over"\} 1$/m);
  assert.match(text, /^resend_activation_timed_jobs_total\{kind="follow_up"\} 1$/m);
  assert.doesNotMatch(text, /alice|00u1|plan_|host-1/);
});

test('METRICS_PORT: optional, a port number, not PORT', () => {
  assert.equal(loadConfig({}).metricsPort, null);
  assert.equal(loadConfig({ METRICS_PORT: '9464' }).metricsPort, 9464);
  assert.throws(() => loadConfig({ METRICS_PORT: 'abc' }), /METRICS_PORT must be a whole number from 1 to 65535/);
  assert.throws(() => loadConfig({ METRICS_PORT: '0' }), /METRICS_PORT must be a whole number from 1 to 65535/);
  assert.throws(() => loadConfig({ PORT: '9464', METRICS_PORT: '9464' }), /METRICS_PORT must differ from PORT/);
});
