import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { asRecord, oktaErrorOf, rawCall, sdkClient, withSim } from './helpers.ts';

const USERS: SimulatorSeedUser[] = [
  { id: '00uprovisioned000001', status: 'PROVISIONED', login: 'carol.diaz@corp.example', managerId: '00umanager0000000001', manager: 'Grace Hopper' },
  { id: '00uactive00000000001', status: 'ACTIVE', login: 'frank.moreau@corp.example', hasPassword: true, activated: '2023-06-12T14:00:00.000Z' },
  { id: '00utransit0000000001', status: 'STAGED', login: 'nora.kim@corp.example', transitioningToStatus: 'ACTIVE' },
  { status: 'STAGED', login: 'pat+test@corp.example', email: 'pat@corp.example' },
];

test('GET /api/v1/users/{id} returns Okta-shaped JSON with the links valid for the status', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const { status, headers, json } = await rawCall(sim, 'GET', '/api/v1/users/00uprovisioned000001');
    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'application/json');
    const user = asRecord(json);
    assert.equal(user['id'], '00uprovisioned000001');
    assert.equal(user['status'], 'PROVISIONED');
    assert.equal(user['activated'], null);
    assert.equal(user['lastLogin'], null);
    assert.equal('transitioningToStatus' in user, false);
    assert.match(String(asRecord(user['type'])['id']), /^oty/);
    assert.deepEqual(user['profile'], {
      firstName: 'Carol',
      lastName: 'Diaz',
      mobilePhone: null,
      secondEmail: null,
      login: 'carol.diaz@corp.example',
      email: 'carol.diaz@corp.example',
      managerId: '00umanager0000000001',
      manager: 'Grace Hopper',
    });
    assert.deepEqual(user['credentials'], {
      emails: [{ value: 'carol.diaz@corp.example', status: 'VERIFIED', type: 'PRIMARY' }],
      provider: { type: 'OKTA', name: 'OKTA' },
    });
    const links = asRecord(user['_links']);
    assert.deepEqual(asRecord(links['self']), { href: `${sim.url}/api/v1/users/00uprovisioned000001` });
    assert.deepEqual(asRecord(links['reactivate']), {
      href: `${sim.url}/api/v1/users/00uprovisioned000001/lifecycle/reactivate`,
      method: 'POST',
    });
    assert.ok(links['deactivate']);
    assert.equal(links['activate'], undefined);
  });
});

test('password, activated and transitioningToStatus appear as Okta shows them', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const active = asRecord((await rawCall(sim, 'GET', '/api/v1/users/00uactive00000000001')).json);
    assert.deepEqual(asRecord(active['credentials'])['password'], {});
    assert.equal(active['activated'], '2023-06-12T14:00:00.000Z');
    assert.deepEqual(Object.keys(asRecord(active['_links'])).sort(), ['deactivate', 'expirePassword', 'resetPassword', 'self', 'suspend', 'type']);
    const moving = asRecord((await rawCall(sim, 'GET', '/api/v1/users/00utransit0000000001')).json);
    assert.equal(moving['transitioningToStatus'], 'ACTIVE');
    assert.deepEqual(Object.keys(asRecord(moving['_links'])), ['self']);
  });
});

test('the SDK reads a user by id and by login, case-insensitively and URL-encoded', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const client = sdkClient(sim);
    const byId = await client.userApi.getUser({ userId: '00uprovisioned000001' });
    assert.equal(byId.status, 'PROVISIONED');
    assert.equal(byId.profile?.login, 'carol.diaz@corp.example');
    const byLogin = await client.userApi.getUser({ userId: 'Carol.Diaz@CORP.example' });
    assert.equal(byLogin.id, '00uprovisioned000001');
    // The SDK sends pat%2Btest%40corp.example; "+" must stay a plus sign.
    const plus = await client.userApi.getUser({ userId: 'PAT+test@corp.example' });
    assert.equal(plus.profile?.email, 'pat@corp.example');
    const raw = await rawCall(sim, 'GET', '/api/v1/users/FRANK.moreau%40corp.example');
    assert.equal(asRecord(raw.json)['id'], '00uactive00000000001');
    assert.deepEqual(
      sim.calls.map((c) => c.bucket),
      ['users-get', 'users-get', 'users-get', 'users-get'],
    );
  });
});

test('unknown users and routes are 404 E0000007', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const err = await oktaErrorOf(sdkClient(sim).userApi.getUser({ userId: 'nobody@corp.example' }));
    assert.equal(err.status, 404);
    assert.equal(err.errorCode, 'E0000007');
    assert.equal(err.errorSummary, 'Not found: Resource not found: nobody@corp.example (User)');
    const route = await rawCall(sim, 'GET', '/api/v1/groups');
    assert.equal(route.status, 404);
    const body = asRecord(route.json);
    assert.equal(body['errorSummary'], 'Not found: Resource not found: /api/v1/groups');
    assert.equal(body['errorLink'], 'E0000007');
    assert.match(String(body['errorId']), /^oae/);
    assert.deepEqual(body['errorCauses'], []);
    assert.equal(sim.calls.at(-1)?.bucket, 'other');
    assert.equal(sim.calls.at(-1)?.errorCode, 'E0000007');
  });
});

test('a missing or wrong token is 401 E0000011, still with the common headers', async () => {
  await withSim({ users: USERS }, async (sim) => {
    for (const auth of [null, 'SSWS wrong-token', `Bearer ${sim.apiToken}`]) {
      const res = await rawCall(sim, 'GET', '/api/v1/users/00uactive00000000001', auth);
      assert.equal(res.status, 401);
      assert.equal(asRecord(res.json)['errorCode'], 'E0000011');
      assert.equal(asRecord(res.json)['errorSummary'], 'Invalid token provided');
      assert.ok(res.headers.get('x-okta-request-id'));
      assert.ok(res.headers.get('date'));
      assert.equal(res.headers.get('x-rate-limit-limit'), '2000');
      assert.ok(res.headers.get('x-rate-limit-reset'));
    }
    const wrong = sdkClient({ ...sim, apiToken: 'nope', url: sim.url });
    const err = await oktaErrorOf(wrong.userApi.getUser({ userId: '00uactive00000000001' }));
    assert.equal(err.status, 401);
    assert.equal(err.errorCode, 'E0000011');
  });
});

test('every response has a unique request id, a Date from the clock and rate-limit headers', async () => {
  const clock = Date.UTC(2030, 0, 2, 3, 4, 5, 600);
  await withSim({ users: USERS, now: () => clock }, async (sim) => {
    const a = await rawCall(sim, 'GET', '/api/v1/users/00uactive00000000001');
    const b = await rawCall(sim, 'GET', '/api/v1/users/missing');
    assert.notEqual(a.headers.get('x-okta-request-id'), b.headers.get('x-okta-request-id'));
    assert.equal(a.headers.get('date'), 'Wed, 02 Jan 2030 03:04:05 GMT');
    assert.equal(b.headers.get('x-rate-limit-remaining'), '1998');
    // The window ends 60 s after its (whole-second) start.
    assert.equal(a.headers.get('x-rate-limit-reset'), String(Math.floor(clock / 1000) + 60));
    assert.deepEqual(
      sim.calls.map((c) => [c.requestId, c.status, c.at]),
      [
        [a.headers.get('x-okta-request-id'), 200, clock],
        [b.headers.get('x-okta-request-id'), 404, clock],
      ],
    );
  });
});

test('addUser, getUser and setStatus manage the directory directly', async () => {
  await withSim({}, async (sim) => {
    const added = sim.addUser({ status: 'STAGED', login: 'zoe.park@corp.example' });
    assert.match(added.id, /^00u[A-Za-z0-9]{17}$/);
    assert.equal(added.email, 'zoe.park@corp.example');
    assert.equal(added.firstName, 'Zoe');
    assert.throws(() => sim.addUser({ status: 'ACTIVE', login: 'ZOE.PARK@corp.example' }), /already exists/);
    sim.setStatus(added.id, 'RECOVERY', { activated: null, transitioningToStatus: 'PROVISIONED' });
    const snap = sim.getUser('zoe.park@CORP.EXAMPLE');
    assert.equal(snap?.status, 'RECOVERY');
    assert.equal(snap?.transitioningToStatus, 'PROVISIONED');
    assert.throws(() => sim.setStatus(added.id, 'ACTIVE', { transitioningToStatus: 'LOCKED_OUT' }), /transitioningToStatus/);
    assert.throws(() => sim.setStatus('00unknown', 'ACTIVE'), /no user/);
    if (snap !== undefined) snap.status = 'ACTIVE';
    assert.equal(sim.getUser(added.id)?.status, 'RECOVERY', 'snapshots are copies');
  });
});
