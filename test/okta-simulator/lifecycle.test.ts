import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OktaSimulator, SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { asRecord, oktaErrorOf, rawCall, sdkClient, withSim } from './helpers.ts';

const at = (local: string): string => `${local}@corp.example`;
const USERS: SimulatorSeedUser[] = [
  { id: '00ustaged00000000001', status: 'STAGED', login: at('alice.nguyen') },
  { id: '00ustagedpw000000001', status: 'STAGED', login: at('bob.li'), hasPassword: true },
  { id: '00uprovisioned000001', status: 'PROVISIONED', login: at('carol.diaz') },
  { id: '00uactive00000000001', status: 'ACTIVE', login: at('frank.moreau'), hasPassword: true, activated: '2023-06-12T14:00:00.000Z' },
  { id: '00urecovery000000001', status: 'RECOVERY', login: at('gina.rossi'), activated: null },
  { id: '00uexpired0000000001', status: 'PASSWORD_EXPIRED', login: at('ivy.chen'), hasPassword: true },
  { id: '00ulocked00000000001', status: 'LOCKED_OUT', login: at('jack.brown'), hasPassword: true },
  { id: '00ususpended00000001', status: 'SUSPENDED', login: at('kate.murphy'), hasPassword: true },
  { id: '00udeprovisioned0001', status: 'DEPROVISIONED', login: at('liam.oconnor') },
  { id: '00utransit0000000001', status: 'STAGED', login: at('nora.kim'), transitioningToStatus: 'ACTIVE' },
  { id: '00usam00000000000001', status: 'PROVISIONED', login: at('sam.taylor') },
  { id: '00usamext00000000001', status: 'STAGED', login: at('sam.taylor.ext'), email: at('sam.taylor') },
];

function statusOf(sim: OktaSimulator, id: string): string | undefined {
  return sim.getUser(id)?.status;
}

test('activate: sendEmail defaults to true; STAGED without password becomes PROVISIONED', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const result = await sdkClient(sim).userApi.activateUser({ userId: '00ustaged00000000001' });
    assert.equal(result.activationUrl, undefined);
    assert.equal(result.activationToken, undefined);
    assert.equal(statusOf(sim, '00ustaged00000000001'), 'PROVISIONED');
    assert.equal(sim.getUser('00ustaged00000000001')?.activated, null);
    assert.deepEqual(
      sim.outbox.map((e) => [e.to, e.userId, e.kind]),
      [[at('alice.nguyen'), '00ustaged00000000001', 'activation']],
    );
    assert.deepEqual(sim.calls[0]?.query, {});
    assert.equal(sim.calls[0]?.bucket, 'lifecycle');
  });
});

test('activate with sendEmail=false sends nothing and returns the activation link', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const result = await sdkClient(sim).userApi.activateUser({ userId: '00ustaged00000000001', sendEmail: false });
    assert.match(result.activationToken ?? '', /^[A-Za-z0-9]{20}$/);
    assert.equal(result.activationUrl, `${sim.url}/welcome/${result.activationToken}`);
    assert.equal(sim.outbox.length, 0);
    assert.equal(statusOf(sim, '00ustaged00000000001'), 'PROVISIONED');
  });
});

test('activate: STAGED with password becomes ACTIVE with a welcome email; DEPROVISIONED becomes PROVISIONED', async () => {
  const clock = Date.UTC(2030, 5, 1);
  await withSim({ users: USERS, now: () => clock }, async (sim) => {
    const client = sdkClient(sim);
    await client.userApi.activateUser({ userId: '00ustagedpw000000001', sendEmail: true });
    assert.equal(statusOf(sim, '00ustagedpw000000001'), 'ACTIVE');
    assert.equal(sim.getUser('00ustagedpw000000001')?.activated, new Date(clock).toISOString());
    await client.userApi.activateUser({ userId: at('liam.oconnor') });
    assert.equal(statusOf(sim, '00udeprovisioned0001'), 'PROVISIONED');
    assert.deepEqual(
      sim.outbox.map((e) => [e.kind, e.to, e.at]),
      [
        ['welcome', at('bob.li'), clock],
        ['activation', at('liam.oconnor'), clock],
      ],
    );
  });
});

test('activate on any other status is 403 E0000016', async () => {
  await withSim({ users: USERS }, async (sim) => {
    for (const userId of ['00uprovisioned000001', '00uactive00000000001', '00urecovery000000001', '00ulocked00000000001']) {
      const err = await oktaErrorOf(sdkClient(sim).userApi.activateUser({ userId }));
      assert.equal(err.status, 403);
      assert.equal(err.errorCode, 'E0000016');
      assert.equal(err.errorSummary, 'Activation failed because the user is already active');
    }
    assert.equal(sim.outbox.length, 0);
  });
});

test('reactivate: sendEmail defaults to FALSE, so nothing is sent and a link comes back', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const result = await sdkClient(sim).userApi.reactivateUser({ userId: '00uprovisioned000001' });
    assert.equal(result.activationUrl, `${sim.url}/welcome/${result.activationToken}`);
    assert.equal(sim.outbox.length, 0);
    assert.equal(statusOf(sim, '00uprovisioned000001'), 'PROVISIONED');
  });
});

test('reactivate with sendEmail=true emails; RECOVERY becomes PROVISIONED; others are 403 E0000038', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const client = sdkClient(sim);
    const sent = await client.userApi.reactivateUser({ userId: '00uprovisioned000001', sendEmail: true });
    assert.equal(sent.activationUrl, undefined);
    await client.userApi.reactivateUser({ userId: '00urecovery000000001', sendEmail: true });
    assert.equal(statusOf(sim, '00urecovery000000001'), 'PROVISIONED');
    assert.deepEqual(
      sim.outbox.map((e) => [e.userId, e.kind]),
      [
        ['00uprovisioned000001', 'activation'],
        ['00urecovery000000001', 'activation'],
      ],
    );
    for (const userId of ['00ustaged00000000001', '00uactive00000000001', '00udeprovisioned0001']) {
      const err = await oktaErrorOf(client.userApi.reactivateUser({ userId, sendEmail: true }));
      assert.equal(err.status, 403);
      assert.equal(err.errorCode, 'E0000038');
      assert.equal(err.errorSummary, "This operation is not allowed in the user's current status.");
    }
    assert.equal(sim.outbox.length, 2);
  });
});

test('reset_password: sendEmail required; allowed on ACTIVE, PASSWORD_EXPIRED, RECOVERY, LOCKED_OUT', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const missing = await rawCall(sim, 'POST', '/api/v1/users/00uactive00000000001/lifecycle/reset_password');
    assert.equal(missing.status, 400);
    assert.equal(asRecord(missing.json)['errorCode'], 'E0000001');
    const client = sdkClient(sim);
    const link = await client.userApi.generateResetPasswordToken({ userId: '00uactive00000000001', sendEmail: false });
    assert.match(link.resetPasswordUrl ?? '', new RegExp(`^${sim.url}/signin/reset-password/[A-Za-z0-9]{20}$`));
    assert.equal(statusOf(sim, '00uactive00000000001'), 'RECOVERY');
    for (const userId of ['00uexpired0000000001', '00ulocked00000000001', '00urecovery000000001']) {
      const emailed = await client.userApi.generateResetPasswordToken({ userId, sendEmail: true });
      assert.equal(emailed.resetPasswordUrl, undefined);
      assert.equal(statusOf(sim, userId), 'RECOVERY');
    }
    assert.deepEqual(sim.outbox.map((e) => e.kind), ['password_reset', 'password_reset', 'password_reset']);
    for (const userId of ['00ustaged00000000001', '00uprovisioned000001', '00ususpended00000001']) {
      const err = await oktaErrorOf(client.userApi.generateResetPasswordToken({ userId, sendEmail: true }));
      assert.equal(err.errorCode, 'E0000038');
    }
  });
});

test('unlock, unsuspend and deactivate follow Okta', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const client = sdkClient(sim);
    await client.userApi.unlockUser({ userId: '00ulocked00000000001' });
    assert.equal(statusOf(sim, '00ulocked00000000001'), 'ACTIVE');
    const unlock = await oktaErrorOf(client.userApi.unlockUser({ userId: '00uactive00000000001' }));
    assert.deepEqual([unlock.status, unlock.errorCode], [403, 'E0000032']);
    await client.userApi.unsuspendUser({ userId: '00ususpended00000001' });
    assert.equal(statusOf(sim, '00ususpended00000001'), 'ACTIVE');
    const unsuspend = await oktaErrorOf(client.userApi.unsuspendUser({ userId: '00uactive00000000001' }));
    assert.deepEqual([unsuspend.status, unsuspend.errorCode], [400, 'E0000001']);
    await client.userApi.deactivateUser({ userId: '00uprovisioned000001' });
    assert.equal(statusOf(sim, '00uprovisioned000001'), 'DEPROVISIONED');
    const again = await oktaErrorOf(client.userApi.deactivateUser({ userId: '00uprovisioned000001' }));
    assert.deepEqual([again.status, again.errorCode], [400, 'E0000001']);
    assert.equal(sim.outbox.length, 0);
  });
});

test('unknown users are 404, users mid-transition are 409 E0000112, unknown operations 404', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const client = sdkClient(sim);
    const missing = await oktaErrorOf(client.userApi.reactivateUser({ userId: '00unobody', sendEmail: true }));
    assert.deepEqual([missing.status, missing.errorSummary], [404, 'Not found: Resource not found: 00unobody (User)']);
    const busy = await oktaErrorOf(client.userApi.activateUser({ userId: '00utransit0000000001' }));
    assert.deepEqual([busy.status, busy.errorCode], [409, 'E0000112']);
    assert.equal(statusOf(sim, '00utransit0000000001'), 'STAGED');
    const op = await rawCall(sim, 'POST', '/api/v1/users/00ustaged00000000001/lifecycle/explode');
    assert.equal(op.status, 404);
    assert.equal(sim.calls.at(-1)?.bucket, 'lifecycle');
    assert.equal(sim.outbox.length, 0);
  });
});

test('E0000118: a second email to the same address within the cooldown is refused and changes nothing', async () => {
  let clock = Date.UTC(2030, 0, 1);
  await withSim({ users: USERS, now: () => clock }, async (sim) => {
    const client = sdkClient(sim);
    await client.userApi.reactivateUser({ userId: '00usam00000000000001', sendEmail: true });
    clock += 4999;
    // A different user, same email address (the ambiguous pair).
    const err = await oktaErrorOf(client.userApi.activateUser({ userId: '00usamext00000000001', sendEmail: true }));
    assert.equal(err.status, 429);
    assert.equal(err.errorCode, 'E0000118');
    assert.equal(err.errorSummary, 'An email was recently sent. Please wait 5 seconds');
    assert.equal(err.headers.get('x-rate-limit-limit'), '600');
    assert.equal(err.headers.get('x-rate-limit-remaining'), '598');
    assert.equal(statusOf(sim, '00usamext00000000001'), 'STAGED');
    assert.equal(sim.outbox.length, 1);
    // Without an email there is no cooldown.
    await client.userApi.activateUser({ userId: '00usamext00000000001', sendEmail: false });
    assert.equal(statusOf(sim, '00usamext00000000001'), 'PROVISIONED');
    clock += 1;
    await client.userApi.reactivateUser({ userId: '00usamext00000000001', sendEmail: true });
    assert.equal(sim.outbox.length, 2);
    assert.equal(sim.count429(), 1);
  });
});

test('_links follow the status after a transition; clearLogs empties outbox and calls', async () => {
  await withSim({ users: USERS }, async (sim) => {
    await sdkClient(sim).userApi.activateUser({ userId: '00ustaged00000000001' });
    const user = asRecord((await rawCall(sim, 'GET', '/api/v1/users/00ustaged00000000001')).json);
    assert.deepEqual(Object.keys(asRecord(user['_links'])).sort(), ['deactivate', 'reactivate', 'self', 'type']);
    assert.equal(sim.outbox.length, 1);
    assert.equal(sim.calls.length, 2);
    sim.clearLogs();
    assert.equal(sim.outbox.length, 0);
    assert.equal(sim.calls.length, 0);
  });
});
