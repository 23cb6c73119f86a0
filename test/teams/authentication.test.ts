import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D, personalMessage, startTeamsHarness } from './teams-harness.ts';

// With MICROSOFT_APP_ID set, the Teams SDK must refuse an activity without a Bot Framework token. A
// missing Authorization header is rejected before any outbound call (no signing-key fetch),
// so this needs no network: the machine running it has none.

test('with an app id configured, a request without a token is refused with 401 and nothing runs', async () => {
  const h = await startTeamsHarness({
    settings: { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'not-a-real-secret', tenantId: null, appType: 'MultiTenant' },
  });
  const originalError = console.error;
  // Whatever an SDK prints of the refusal with console.error: keep the test output readable.
  console.error = () => undefined;
  try {
    const response = await h.post(personalMessage(`resend activation alice.nguyen@${D}`));
    assert.equal(response.status, 401);
    await h.surface.drain();
    assert.deepEqual(h.connector.calls, [], 'no reply, no roster lookup');
    assert.equal(h.rt.sim.calls.length, 0);
  } finally {
    console.error = originalError;
    await h.close();
  }
});

test('a body that is not an activity is refused without a turn', async () => {
  const h = await startTeamsHarness();
  try {
    const response = await h.post({ hello: 'world' });
    assert.equal(response.status, 400);
    assert.deepEqual(h.connector.calls, []);
  } finally {
    await h.close();
  }
});
