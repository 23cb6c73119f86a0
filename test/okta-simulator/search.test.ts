import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEARCH_DIALECT, SearchSyntaxError, parseExpression } from '../../src/okta-simulator/search.ts';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { asRecord, oktaErrorOf, rawCall, sdkClient, withSim } from './helpers.ts';

const at = (local: string): string => `${local}@corp.example`;
const USERS: SimulatorSeedUser[] = [
  { id: '00u00000000000000001', status: 'ACTIVE', login: at('grace.hopper'), hasPassword: true },
  { id: '00u00000000000000002', status: 'STAGED', login: at('alice.nguyen'), managerId: '00u00000000000000001' },
  { id: '00u00000000000000003', status: 'PROVISIONED', login: at('alan.turing'), managerId: '00u00000000000000001' },
  { id: '00u00000000000000004', status: 'PROVISIONED', login: at('sam.taylor') },
  { id: '00u00000000000000005', status: 'STAGED', login: at('sam.taylor.ext'), email: at('sam.taylor') },
  { id: '00u00000000000000006', status: 'DEPROVISIONED', login: at('liam.oconnor') },
  { id: '00u00000000000000007', status: 'PROVISIONED', login: at('ada.lovelace') },
];

async function searchLogins(sim: Parameters<typeof sdkClient>[0], search: string, limit?: number): Promise<string[]> {
  const logins: string[] = [];
  const request = limit === undefined ? { search } : { search, limit };
  for await (const user of await sdkClient(sim).userApi.listUsers(request)) logins.push(user?.profile?.login ?? '?');
  return logins;
}

test('parser: and binds tighter than or, parentheses regroup', () => {
  assert.deepEqual(parseExpression('id eq "a" or id eq "b" and status eq "c"', SEARCH_DIALECT), {
    kind: 'or',
    left: { kind: 'compare', property: 'id', op: 'eq', value: 'a' },
    right: {
      kind: 'and',
      left: { kind: 'compare', property: 'id', op: 'eq', value: 'b' },
      right: { kind: 'compare', property: 'status', op: 'eq', value: 'c' },
    },
  });
  const grouped = parseExpression('(id EQ "a" OR id eq "b") AnD status Sw "c"', SEARCH_DIALECT);
  assert.equal(grouped.kind, 'and');
  assert.deepEqual(parseExpression('profile.login eq "say \\"hi\\""', SEARCH_DIALECT), {
    kind: 'compare',
    property: 'profile.login',
    op: 'eq',
    value: 'say "hi"',
  });
});

test('parser: bad syntax and unknown or mis-cased properties are rejected', () => {
  for (const bad of [
    '',
    'profile.login',
    'profile.login eq',
    'profile.login eq unquoted',
    'profile.login eq "x" and',
    '(profile.login eq "x"',
    'profile.login eq "x")',
    'profile.login gt "x"',
    'profile.Login eq "x"',
    'profile.city eq "x"',
    'not id eq "x"',
    'profile.login eq "unterminated',
  ]) {
    assert.throws(() => parseExpression(bad, SEARCH_DIALECT), SearchSyntaxError, bad);
  }
});

test('search with eq/sw, and/or, parentheses; operators and values case-insensitive', async () => {
  await withSim({ users: USERS }, async (sim) => {
    assert.deepEqual(await searchLogins(sim, `profile.email eq "SAM.TAYLOR@corp.example"`), [at('sam.taylor'), at('sam.taylor.ext')]);
    assert.deepEqual(await searchLogins(sim, 'profile.login SW "al"'), [at('alice.nguyen'), at('alan.turing')]);
    assert.deepEqual(
      await searchLogins(sim, 'status eq "provisioned" and profile.login sw "a" or id eq "00u00000000000000001"'),
      [at('grace.hopper'), at('alan.turing'), at('ada.lovelace')],
    );
    assert.deepEqual(
      await searchLogins(sim, 'status eq "PROVISIONED" and (profile.login sw "a" or id eq "00u00000000000000004")'),
      [at('alan.turing'), at('sam.taylor'), at('ada.lovelace')],
    );
    assert.deepEqual(await searchLogins(sim, 'profile.managerId eq "00u00000000000000001"'), [at('alice.nguyen'), at('alan.turing')]);
    assert.deepEqual(await searchLogins(sim, 'profile.firstName eq "liam" and profile.lastName eq "OCONNOR"'), [at('liam.oconnor')], 'DEPROVISIONED included');
    assert.deepEqual(await searchLogins(sim, 'profile.login eq "nobody@corp.example"'), []);
  });
});

test('a bad search is 400 E0000001 "Invalid search criteria."', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const err = await oktaErrorOf(searchLogins(sim, 'profile.Email eq "x"'));
    assert.equal(err.status, 400);
    assert.equal(err.errorCode, 'E0000001');
    assert.equal(err.errorSummary, 'Api validation failed: search');
    assert.deepEqual(err.errorCauses, [{ errorSummary: 'Invalid search criteria.' }]);
    assert.equal(sim.calls.at(-1)?.bucket, 'users-list');
  });
});

test('pagination: the SDK walks 3 pages of limit=2 by following Link rel="next"', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const search = 'profile.login sw "a" or profile.login sw "s" or profile.login sw "g"';
    assert.deepEqual(await searchLogins(sim, search, 2), [
      at('grace.hopper'),
      at('alice.nguyen'),
      at('alan.turing'),
      at('sam.taylor'),
      at('sam.taylor.ext'),
      at('ada.lovelace'),
    ]);
    assert.deepEqual(
      sim.calls.map((c) => [c.bucket, c.query['limit'], c.query['after'] ?? null, c.query['search']]),
      [
        ['users-list', '2', null, search],
        ['users-list', '2', '00u00000000000000002', search],
        ['users-list', '2', '00u00000000000000004', search],
      ],
    );
  });
});

test('Link headers: self always, next only while more remain', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const first = await rawCall(sim, 'GET', '/api/v1/users?search=status%20eq%20%22PROVISIONED%22&limit=2');
    const link = first.headers.get('link') ?? '';
    assert.match(link, /^<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/users\?search=[^>]+&limit=2>; rel="self", </);
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    assert.ok(next?.includes('after=00u00000000000000004'));
    const second = await rawCall(sim, 'GET', (next ?? '').slice(sim.url.length));
    assert.equal((second.json as unknown[]).length, 1);
    assert.match(second.headers.get('link') ?? '', /rel="self"$/);
  });
});

test('limit defaults to 200 and larger values are clamped to 200', async () => {
  await withSim({}, async (sim) => {
    for (let i = 0; i < 205; i += 1) sim.addUser({ status: 'ACTIVE', login: `user${i}@corp.example` });
    const big = await rawCall(sim, 'GET', '/api/v1/users?search=status%20eq%20%22ACTIVE%22&limit=500');
    assert.equal((big.json as unknown[]).length, 200);
    assert.match(big.headers.get('link') ?? '', /rel="next"/);
    const plain = await rawCall(sim, 'GET', '/api/v1/users?search=status%20eq%20%22ACTIVE%22');
    assert.equal((plain.json as unknown[]).length, 200);
    const bad = await rawCall(sim, 'GET', '/api/v1/users?limit=abc');
    assert.equal(asRecord(bad.json)['errorCode'], 'E0000001');
  });
});

test('listing without search skips DEPROVISIONED; q is a prefix match; filter takes status eq', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const logins = (json: unknown): string[] => (json as { profile: { login: string } }[]).map((u) => u.profile.login);
    const all = await rawCall(sim, 'GET', '/api/v1/users');
    assert.equal(logins(all.json).length, 6);
    assert.ok(!logins(all.json).includes(at('liam.oconnor')));
    const q = await rawCall(sim, 'GET', '/api/v1/users?q=Sam');
    assert.deepEqual(logins(q.json), [at('sam.taylor'), at('sam.taylor.ext')]);
    assert.doesNotMatch(q.headers.get('link') ?? '', /rel="next"/);
    const filter = await rawCall(sim, 'GET', `/api/v1/users?filter=${encodeURIComponent('status eq "STAGED"')}`);
    assert.deepEqual(logins(filter.json), [at('alice.nguyen'), at('sam.taylor.ext')]);
    const lowerFilter = await rawCall(sim, 'GET', `/api/v1/users?filter=${encodeURIComponent('status eq "staged"')}`);
    assert.deepEqual(logins(lowerFilter.json), [], 'filter values are case-sensitive');
    const badFilter = await rawCall(sim, 'GET', `/api/v1/users?filter=${encodeURIComponent('profile.login sw "a"')}`);
    assert.equal(badFilter.status, 400);
  });
});

test('searchLagMs: search sees users as they were that long ago; GET and lifecycle calls see them now', async () => {
  let clock = 1_000_000;
  await withSim({ users: USERS, searchLagMs: 1000, now: () => clock }, async (sim) => {
    const client = sdkClient(sim);
    // Seed users are long indexed.
    assert.deepEqual(await searchLogins(sim, `profile.login eq "${at('alan.turing')}"`), [at('alan.turing')]);
    const created = sim.addUser({ status: 'STAGED', login: at('new.hire') });
    assert.deepEqual(await searchLogins(sim, `profile.login eq "${at('new.hire')}"`), [], 'a user created just now is not in search yet');
    assert.equal((await client.userApi.getUser({ userId: at('new.hire') })).id, created.id, 'a GET by login finds them at once');

    await client.userApi.activateUser({ userId: created.id, sendEmail: false });
    clock += 1000;
    const statusOf = async () => {
      const found: string[] = [];
      for await (const user of await client.userApi.listUsers({ search: `id eq "${created.id}"` })) found.push(String(user?.status));
      return found;
    };
    // Created and activated (STAGED -> PROVISIONED) 1 s ago: both writes are indexed now, the last one wins.
    assert.deepEqual(await statusOf(), ['PROVISIONED']);
    await client.userApi.deactivateUser({ userId: created.id });
    assert.equal(sim.getUser(created.id)?.status, 'DEPROVISIONED');
    assert.deepEqual(await statusOf(), ['PROVISIONED'], 'search still shows the status before the write');
    clock += 999;
    assert.deepEqual(await statusOf(), ['PROVISIONED']);
    clock += 1;
    assert.deepEqual(await statusOf(), ['DEPROVISIONED'], 'and catches up after the lag');
  });
});
