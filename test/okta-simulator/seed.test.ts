import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { OKTA_STATUSES, demoUsers, loadSeedFile, startOktaSimulator } from '../../src/okta-simulator/index.ts';
import { sdkClient, withSim } from './helpers.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'okta-sim-seed-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seedFile(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

test('loadSeedFile reads a valid JSON array of users', async () => {
  const users = [
    { status: 'PROVISIONED', login: 'carol.diaz@corp.example', managerId: null },
    { id: '00useed0000000000001', status: 'ACTIVE', login: 'frank@corp.example', hasPassword: true, activated: '2023-01-01T00:00:00.000Z' },
  ];
  const loaded = await loadSeedFile(await seedFile('ok.json', JSON.stringify(users)));
  assert.deepEqual(loaded, users);
});

test('loadSeedFile explains what is wrong and where', async () => {
  const cases: [string, string, RegExp][] = [
    ['bad-json.json', '[{', /invalid JSON/],
    ['object.json', '{"users": []}', /expected a JSON array/],
    ['status.json', '[{"status":"ACTIVE","login":"a@x"},{"status":"ENABLED","login":"b@x"}]', /users\[1\]\.status must be one of STAGED/],
    ['login.json', '[{"status":"ACTIVE"}]', /users\[0\]\.login is required/],
    ['unknown.json', '[{"status":"ACTIVE","login":"a@x","emial":"a@x"}]', /users\[0\]: unknown field "emial"/],
    ['dup.json', '[{"status":"ACTIVE","login":"a@x"},{"status":"STAGED","login":"A@X"}]', /users\[1\]\.login "A@X" duplicates users\[0\]/],
    ['password.json', '[{"status":"ACTIVE","login":"a@x","hasPassword":"yes"}]', /hasPassword must be true or false/],
    ['activated.json', '[{"status":"ACTIVE","login":"a@x","activated":"yesterday"}]', /activated must be an ISO 8601 date or null/],
    ['transition.json', '[{"status":"ACTIVE","login":"a@x","transitioningToStatus":"LOCKED_OUT"}]', /transitioningToStatus must be one of/],
  ];
  for (const [name, content, message] of cases) {
    const path = await seedFile(name, content);
    await assert.rejects(loadSeedFile(path), (err: Error) => {
      assert.match(err.message, message, name);
      assert.ok(err.message.includes(path), 'names the file');
      return true;
    });
  }
  await assert.rejects(loadSeedFile(join(dir, 'missing.json')), /cannot read it/);
});

test('startOktaSimulator rejects invalid seed users', async () => {
  await assert.rejects(
    startOktaSimulator({ users: [{ status: 'ACTIVE', login: 'a@x' }, { status: 'ACTIVE', login: 'a@x' }] }),
    /duplicates/,
  );
});

test('demoUsers covers every status, an ambiguous email, a manager and a transition', () => {
  const users = demoUsers();
  assert.deepEqual(new Set(users.map((u) => u.status)), new Set(OKTA_STATUSES));
  assert.ok(users.some((u) => u.status === 'STAGED' && u.hasPassword === true));
  assert.ok(users.some((u) => u.status === 'STAGED' && u.hasPassword !== true));
  assert.equal(users.filter((u) => u.status === 'PROVISIONED').length >= 3, true);
  assert.ok(users.some((u) => u.status === 'RECOVERY' && u.activated === null));
  assert.ok(users.some((u) => u.status === 'RECOVERY' && typeof u.activated === 'string'));
  assert.ok(users.some((u) => u.transitioningToStatus !== undefined && u.transitioningToStatus !== null));
  const emails = users.map((u) => u.email ?? u.login);
  assert.ok(emails.some((e, i) => emails.indexOf(e) !== i), 'two logins share one email');
  const manager = users.find((u) => u.id === users.find((x) => x.managerId)?.managerId);
  assert.equal(manager?.status, 'ACTIVE');
  assert.ok(users.every((u) => u.login.endsWith('@corp.example')));
  assert.ok(demoUsers('acme.test').every((u) => u.login.endsWith('@acme.test')));
});

test('the demo directory serves an ambiguous email search through the SDK', async () => {
  await withSim({ users: demoUsers() }, async (sim) => {
    const found: string[] = [];
    const users = await sdkClient(sim).userApi.listUsers({ search: 'profile.email eq "sam.taylor@corp.example"' });
    for await (const user of users) found.push(user?.profile?.login ?? '?');
    assert.deepEqual(found, ['sam.taylor@corp.example', 'sam.taylor.ext@corp.example']);
    const reports: string[] = [];
    const managerId = sim.getUser('grace.hopper@corp.example')?.id ?? '';
    for await (const user of await sdkClient(sim).userApi.listUsers({ search: `profile.managerId eq "${managerId}"` })) {
      reports.push(user?.profile?.login ?? '?');
    }
    assert.equal(reports.length, 3);
  });
});
