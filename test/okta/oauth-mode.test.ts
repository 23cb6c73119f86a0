import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createRuntime } from '../../src/runtime/create-runtime.ts';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';
import type { Requester } from '../../src/core/requester.ts';

test('OAuth private-key mode: the SDK gets a token from /oauth2/v1/token and resends with it', async () => {
  const sim = await startOktaSimulator({ oauthClientId: '0oaBOT', users: [{ login: 'alice.nguyen@corp.example', status: 'PROVISIONED' }] });
  try {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { service } = createRuntime({
      okta: {
        orgUrl: sim.url,
        auth: { kind: 'privateKey', clientId: '0oaBOT', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), keyId: 'kid-1' },
        rateLimitReserve: 0,
        timeoutSeconds: 30,
        maxWaitSeconds: 75,
      },
      roles: { helpdesk: [], approvers: [], admins: [] },
    });
    const operator: Requester = { surface: 'cli', userId: 'ops', email: null, displayName: 'ops', groupIds: [] };
    const prepared = await service.prepare(operator, { kind: 'text', text: 'alice.nguyen@corp.example' });
    assert.equal(prepared.kind, 'planned');
    if (prepared.kind !== 'planned') return;
    await service.confirm(prepared.plan.id, operator);
    const report = await service.execute(prepared.plan, operator);
    assert.equal(report.counts.sent, 1);
    assert.equal(sim.outbox.length, 1);
    assert.ok(sim.calls.some((call) => call.path === '/oauth2/v1/token' && call.status === 200), 'a token was issued');
    assert.ok(sim.calls.filter((call) => call.path.startsWith('/api/')).every((call) => call.status === 200), 'the API accepted the Bearer token');
  } finally {
    await sim.close();
  }
});
