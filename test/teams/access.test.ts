import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { D, fixture, personalMessage, textOf, UNAUTHENTICATED, withTeams, type Activity } from './teams-harness.ts';

// Who may reach the bot at all: activities from another tenant than MICROSOFT_APP_TENANT_ID are
// refused before any roster or Okta call, and the unauthenticated test mode only answers requests
// addressed to a loopback name (DNS rebinding).

const OUR_TENANT = '72f988bf-0000-0000-0000-2d7cd011db47';
const OTHER_TENANT = '0badc0de-0000-0000-0000-000000000000';
const withTenant = { settings: { ...UNAUTHENTICATED, tenantId: OUR_TENANT } };

function fromTenant(activity: Activity, conversationTenant: string | undefined, channelTenant: string | undefined): Activity {
  const conversation = { ...(activity.conversation as object), tenantId: conversationTenant };
  return { ...activity, conversation, channelData: channelTenant ? { tenant: { id: channelTenant } } : {} };
}

test('a message from another tenant is answered politely, without a roster lookup or an Okta call', async () => {
  await withTeams(async (h) => {
    const response = await h.post(fromTenant(personalMessage(`resend activation alice.nguyen@${D}`), OTHER_TENANT, OTHER_TENANT));
    assert.equal(response.status, 200);
    await h.surface.drain();
    assert.deepEqual(h.connector.posted().map(textOf), ['This app only serves the organisation it was set up for, so I cannot help here.']);
    assert.deepEqual(h.connector.calls.filter((call) => call.kind === 'member'), [], 'no roster lookup');
    assert.equal(h.rt.sim.calls.length, 0);
  }, withTenant);
});

test('tenant ids that disagree, or none at all, are refused too', async () => {
  await withTeams(async (h) => {
    await h.post(fromTenant(personalMessage(`resend activation alice.nguyen@${D}`), OUR_TENANT, OTHER_TENANT));
    await h.post(fromTenant(personalMessage(`resend activation alice.nguyen@${D}`), undefined, undefined));
    await h.surface.drain();
    assert.equal(h.connector.posted().length, 2);
    assert.equal(h.rt.sim.calls.length, 0);
  }, withTenant);
});

test('the message action from another tenant gets the refusal in its dialog', async () => {
  await withTeams(async (h) => {
    const invoke = fromTenant(fixture('message-action-submit'), OTHER_TENANT, OTHER_TENANT);
    const response = await h.post(invoke);
    assert.equal(response.status, 200);
    assert.match((JSON.parse(response.body) as { task: { value: string } }).task.value, /only serves the organisation/);
    await h.surface.drain();
    assert.deepEqual(h.connector.calls, []);
    assert.equal(h.rt.sim.calls.length, 0);
  }, withTenant);
});

test('our own tenant (any letter case) is served as usual', async () => {
  await withTeams(async (h) => {
    await h.post(fromTenant(personalMessage(`resend activation alice.nguyen@${D}`), OUR_TENANT.toUpperCase(), OUR_TENANT));
    await h.connector.waitUntil(() => h.connector.posted().length > 0);
    assert.ok(h.rt.sim.calls.length > 0, 'Okta was asked');
  }, withTenant);
});

/** A POST with a Host header of our choosing (fetch does not let a test set it). */
function postWithHost(port: number, host: string, body: Activity): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/messages', method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('unauthenticated, only loopback Host names are answered (a rebound DNS name gets 403)', async () => {
  await withTeams(async (h) => {
    const activity = { ...personalMessage('help'), serviceUrl: h.connector.url };
    assert.equal(await postWithHost(h.port, 'rebind.attacker.example', activity), 403);
    assert.equal(await postWithHost(h.port, `rebind.attacker.example:${h.port}`, activity), 403);
    await h.surface.drain();
    assert.deepEqual(h.connector.calls, [], 'nothing was answered');
    for (const host of [`127.0.0.1:${h.port}`, `localhost:${h.port}`, `[::1]:${h.port}`, 'localhost']) {
      assert.equal(await postWithHost(h.port, host, activity), 200, host);
    }
  });
});
