import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OktaSimulator, SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { asRecord, rawCall, withSim } from './helpers.ts';

// GET /api/v1/logs over HTTP: what Okta's System Log records for lifecycle calls and email
// delivery, its filter, time bounds, paging, rate-limit bucket, lag and permissions.

const USERS: SimulatorSeedUser[] = [
  { id: '00uprov0000000000001', status: 'PROVISIONED', login: 'carol.diaz@corp.example', firstName: 'Carol', lastName: 'Diaz' },
  { id: '00uprov0000000000002', status: 'PROVISIONED', login: 'dan.wu@corp.example' },
  { id: '00uactive00000000001', status: 'ACTIVE', login: 'frank.moreau@corp.example', hasPassword: true },
  { id: '00urecovery000000001', status: 'RECOVERY', login: 'gina.rossi@corp.example' },
];
const CLIENT_ID = '0oasimulatorclient01';
const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);

type Event = Record<string, unknown>;

async function logs(sim: OktaSimulator, query: Record<string, string>, authorization?: string): Promise<{ status: number; events: Event[]; next: string | null; headers: Headers; json: unknown }> {
  const qs = new URLSearchParams(query).toString();
  const res = await rawCall(sim, 'GET', `/api/v1/logs${qs ? `?${qs}` : ''}`, authorization);
  const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  return { status: res.status, events: res.status === 200 ? (res.json as Event[]) : [], next, headers: res.headers, json: res.json };
}

function pathOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

function lifecycle(sim: OktaSimulator, id: string, op: string, sendEmail = true): ReturnType<typeof rawCall> {
  return rawCall(sim, 'POST', `/api/v1/users/${id}/lifecycle/${op}?sendEmail=${String(sendEmail)}`);
}

function assertion(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function token(sim: OktaSimulator, scope: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion({ iss: CLIENT_ID, sub: CLIENT_ID }),
    }).toString(),
  });
  return { status: res.status, json: asRecord(await res.json()) };
}

test('a reactivate with email logs user.lifecycle.reactivate and a system.email.delivery SUCCESS, with Okta LogEvent fields', async () => {
  await withSim({ users: USERS, now: () => T0 }, async (sim) => {
    const call = await lifecycle(sim, '00uprov0000000000001', 'reactivate');
    assert.equal(call.status, 200);
    const { status, events } = await logs(sim, {});
    assert.equal(status, 200);
    assert.deepEqual(events.map((e) => e['eventType']), ['user.lifecycle.reactivate', 'system.email.delivery']);
    const [reactivate, delivery] = events as [Event, Event];
    assert.match(String(reactivate['uuid']), /^[0-9a-f-]{36}$/);
    assert.equal(reactivate['published'], new Date(T0).toISOString());
    assert.equal(reactivate['severity'], 'INFO');
    assert.deepEqual(reactivate['outcome'], { result: 'SUCCESS', reason: null });
    assert.deepEqual(reactivate['target'], [{ id: '00uprov0000000000001', type: 'User', alternateId: 'carol.diaz@corp.example', displayName: 'Carol Diaz' }]);
    assert.equal(asRecord(reactivate['actor'])['type'], 'User');
    // Okta's transaction id is the call's X-Okta-Request-Id.
    assert.equal(asRecord(reactivate['transaction'])['id'], call.headers.get('x-okta-request-id'));
    assert.equal(asRecord(asRecord(reactivate['debugContext'])['debugData'])['requestId'], call.headers.get('x-okta-request-id'));
    assert.deepEqual(delivery['outcome'], { result: 'SUCCESS', reason: null });
    assert.equal(delivery['displayMessage'], 'Email delivery SUCCESS');
    assert.equal(asRecord(asRecord(delivery['debugContext'])['debugData'])['ProviderMessage'], '250 2.0.0 OK');
    assert.equal(asRecord(delivery['target'] && (delivery['target'] as unknown[])[0])['id'], '00uprov0000000000001');
  });
});

test('reset_password logs user.account.reset_password; sendEmail=false logs no delivery; refused calls log nothing', async () => {
  await withSim({ users: USERS }, async (sim) => {
    assert.equal((await lifecycle(sim, '00uactive00000000001', 'reset_password')).status, 200);
    assert.equal((await lifecycle(sim, '00uprov0000000000002', 'reactivate', false)).status, 200);
    // Now in RECOVERY: a reactivate is refused for the email cooldown (E0000118), an activate outright (E0000016).
    assert.equal((await lifecycle(sim, '00uactive00000000001', 'reactivate')).status, 429);
    assert.equal((await lifecycle(sim, '00uactive00000000001', 'activate')).status, 403);
    const { events } = await logs(sim, {});
    assert.deepEqual(
      events.map((e) => e['eventType']),
      ['user.account.reset_password', 'system.email.delivery', 'user.lifecycle.reactivate'],
    );
  });
});

test('failDelivery: the email reaches the outbox, its delivery event is FAILURE with a ProviderMessage; undone by its remover', async () => {
  await withSim({ users: USERS }, async (sim) => {
    sim.failDelivery('CAROL.DIAZ@corp.example', { kind: 'bounce' });
    sim.failDelivery('dan.wu@corp.example', { kind: 'deferred', providerMessage: '451 4.3.0 Mailbox temporarily unavailable' });
    await lifecycle(sim, '00uprov0000000000001', 'reactivate');
    await lifecycle(sim, '00uprov0000000000002', 'reactivate');
    assert.equal(sim.outbox.length, 2);
    const failed = await logs(sim, { filter: 'eventType eq "system.email.delivery" and outcome.result eq "FAILURE"' });
    assert.deepEqual(
      failed.events.map((e) => [e['displayMessage'], asRecord(e['outcome'])['reason'], asRecord(asRecord(e['debugContext'])['debugData'])['ProviderMessage'], e['severity']]),
      [
        ['Email delivery FAILURE: Bounce', 'BOUNCE', '550 5.1.1 The email account that you tried to reach does not exist', 'WARN'],
        ['Email delivery FAILURE: Deferred', 'DEFERRED', '451 4.3.0 Mailbox temporarily unavailable', 'WARN'],
      ],
    );
  });
  await withSim({ users: USERS, emailCooldownMs: 0 }, async (sim) => {
    const undo = sim.failDelivery('carol.diaz@corp.example', { kind: 'blocked' });
    await lifecycle(sim, '00uprov0000000000001', 'reactivate');
    undo();
    await lifecycle(sim, '00uprov0000000000001', 'reactivate');
    const deliveries = await logs(sim, { filter: 'eventType eq "system.email.delivery"' });
    assert.deepEqual(deliveries.events.map((e) => asRecord(e['outcome'])['result']), ['FAILURE', 'SUCCESS']);
  });
});

test('filter: eventType, target.id, outcome, and/or with parentheses, operators in any case; a bad filter is 400 E0000001', async () => {
  await withSim({ users: USERS }, async (sim) => {
    sim.failDelivery('dan.wu@corp.example', { kind: 'dropped' });
    await lifecycle(sim, '00uprov0000000000001', 'reactivate');
    await lifecycle(sim, '00uprov0000000000002', 'reactivate');
    await lifecycle(sim, '00urecovery000000001', 'reactivate', false);
    const types = async (filter: string): Promise<unknown[]> =>
      (await logs(sim, { filter })).events.map((e) => `${String(e['eventType'])} ${String(asRecord((e['target'] as unknown[])[0])['id'])}`);
    assert.deepEqual(await types('eventType eq "user.lifecycle.reactivate" and target.id eq "00uprov0000000000002"'), ['user.lifecycle.reactivate 00uprov0000000000002']);
    // `and` binds tighter than `or`: without the parentheses this would also list the first user's delivery.
    assert.deepEqual(await types('eventType EQ "user.lifecycle.reactivate" AND (target.id eq "00uprov0000000000001" OR target.id eq "00urecovery000000001")'), [
      'user.lifecycle.reactivate 00uprov0000000000001',
      'user.lifecycle.reactivate 00urecovery000000001',
    ]);
    assert.deepEqual(await types('eventType eq "user.lifecycle.reactivate" and target.id eq "00urecovery000000001" or target.id eq "00uprov0000000000001"'), [
      'user.lifecycle.reactivate 00uprov0000000000001',
      'system.email.delivery 00uprov0000000000001',
      'user.lifecycle.reactivate 00urecovery000000001',
    ]);
    assert.deepEqual(await types('outcome.result eq "FAILURE"'), ['system.email.delivery 00uprov0000000000002']);
    assert.deepEqual(await types('outcome.reason eq "DROPPED" or eventType sw "user.account"'), ['system.email.delivery 00uprov0000000000002']);
    assert.deepEqual(await types('target.alternateId co "dan.wu" and outcome.result ne "FAILURE"'), ['user.lifecycle.reactivate 00uprov0000000000002']);
    assert.deepEqual(await types('eventType eq "User.Lifecycle.Reactivate"'), [], 'values are case-sensitive');
    for (const bad of ['eventType eq', 'eventType lt "x"', '(eventType eq "x"', 'eventType eq "x" and']) {
      const res = await logs(sim, { filter: bad });
      assert.equal(res.status, 400, bad);
      assert.equal(asRecord(res.json)['errorCode'], 'E0000001');
    }
  });
});

test('since/until, sortOrder and limit; Link paging with the after cursor; polling answers always carry a next link', async () => {
  let clock = T0;
  await withSim({ users: USERS, now: () => clock, emailCooldownMs: 0 }, async (sim) => {
    for (let i = 0; i < 5; i += 1) {
      clock = T0 + i * 60_000;
      await lifecycle(sim, '00uprov0000000000001', 'reactivate', false);
    }
    clock = T0 + 10 * 60_000;
    const iso = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
    const published = (events: Event[]): unknown[] => events.map((e) => e['published']);

    const bounded = await logs(sim, { since: iso(1), until: iso(4) });
    assert.deepEqual(published(bounded.events), [iso(1), iso(2), iso(3)], 'since inclusive, until exclusive');
    assert.equal(bounded.next, null, 'a bounded request has no next link after its last page');
    assert.deepEqual(published((await logs(sim, { since: iso(0), until: iso(9), sortOrder: 'DESCENDING', limit: '2' })).events), [iso(4), iso(3)]);

    // Paging: three pages of two, two and one, following the next links.
    const pages: unknown[][] = [];
    let query: Record<string, string> | null = { since: iso(0), until: iso(9), limit: '2' };
    while (query !== null) {
      const page = await logs(sim, query);
      pages.push(published(page.events));
      query = page.next === null ? null : pathOf(page.next);
    }
    assert.deepEqual(pages, [[iso(0), iso(1)], [iso(2), iso(3)], [iso(4)]]);

    // Polling (no until): the last page still says next, and that next finds what came later.
    const polled = await logs(sim, { since: iso(3), limit: '10' });
    assert.equal(polled.events.length, 2);
    assert.ok(polled.next);
    const empty = await logs(sim, pathOf(polled.next));
    assert.deepEqual(empty.events, []);
    clock = T0 + 11 * 60_000;
    await lifecycle(sim, '00uprov0000000000001', 'reactivate', false);
    assert.deepEqual(published((await logs(sim, pathOf(polled.next))).events), [iso(11)]);

    assert.equal((await logs(sim, {})).events.length, 6, 'without since: the last 7 days');
    assert.equal((await logs(sim, { since: 'yesterday' })).status, 400);
    assert.equal((await logs(sim, { limit: 'ten' })).status, 400);
  });
});

test('limit: default 100, at most 1000', async () => {
  await withSim({ users: USERS, emailCooldownMs: 0 }, async (sim) => {
    for (let i = 0; i < 110; i += 1) await lifecycle(sim, '00uprov0000000000001', 'reactivate', false);
    assert.equal((await logs(sim, {})).events.length, 100);
    assert.equal((await logs(sim, { limit: '5000' })).events.length, 110);
  });
});

test('its own rate-limit bucket, 60 a minute by default, configurable, with the usual headers', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const first = await logs(sim, {});
    assert.equal(first.headers.get('x-rate-limit-limit'), '60');
    assert.equal(first.headers.get('x-rate-limit-remaining'), '59');
    assert.equal(sim.calls.at(-1)?.bucket, 'logs');
    sim.setRateLimit('logs', { limit: 2, windowSeconds: 60 });
    assert.equal((await logs(sim, {})).status, 200);
    assert.equal((await logs(sim, {})).status, 200);
    const limited = await logs(sim, {});
    assert.equal(limited.status, 429);
    assert.equal(asRecord(limited.json)['errorCode'], 'E0000047');
    assert.ok(Number(limited.headers.get('x-rate-limit-reset')) > 0);
    assert.equal((await rawCall(sim, 'GET', '/api/v1/users/00uactive00000000001')).status, 200, 'other buckets are not affected');
  });
});

test('logLagMs: an event is listed only once the lag has passed', async () => {
  let clock = T0;
  await withSim({ users: USERS, now: () => clock, logLagMs: 30_000 }, async (sim) => {
    await lifecycle(sim, '00uprov0000000000001', 'reactivate');
    assert.equal(sim.logEvents.length, 2);
    clock = T0 + 29_999;
    assert.deepEqual((await logs(sim, {})).events, []);
    clock = T0 + 30_000;
    assert.equal((await logs(sim, {})).events.length, 2);
  });
});

test('permissions: logsForbidden is 403 E0000006; OAuth tokens need okta.logs.read; ungranted scopes fail the token request', async () => {
  await withSim({ users: USERS, logsForbidden: true }, async (sim) => {
    const refused = await logs(sim, {});
    assert.deepEqual([refused.status, asRecord(refused.json)['errorCode']], [403, 'E0000006']);
    sim.setLogsForbidden(false);
    assert.equal((await logs(sim, {})).status, 200);
  });
  await withSim({ users: USERS, oauthClientId: CLIENT_ID, oauthGrantedScopes: ['okta.users.read', 'okta.users.manage'] }, async (sim) => {
    const denied = await token(sim, 'okta.users.read okta.logs.read');
    assert.equal(denied.status, 400);
    assert.equal(denied.json['error'], 'invalid_scope');
    assert.match(String(denied.json['error_description']), /okta\.logs\.read/);
    const users = await token(sim, 'okta.users.read okta.users.manage');
    assert.equal(users.status, 200);
    const noScope = await logs(sim, {}, `Bearer ${String(users.json['access_token'])}`);
    assert.deepEqual([noScope.status, asRecord(noScope.json)['errorCode']], [403, 'E0000006']);
  });
  await withSim({ users: USERS, oauthClientId: CLIENT_ID }, async (sim) => {
    const issued = await token(sim, 'okta.logs.read');
    const bearer = `Bearer ${String(issued.json['access_token'])}`;
    assert.equal((await rawCall(sim, 'POST', '/api/v1/users/00uprov0000000000001/lifecycle/reactivate?sendEmail=true', bearer)).status, 403, 'logs.read does not manage users');
    const manage = String((await token(sim, 'okta.users.manage')).json['access_token']);
    assert.equal((await rawCall(sim, 'POST', '/api/v1/users/00uprov0000000000001/lifecycle/reactivate?sendEmail=true', `Bearer ${manage}`)).status, 200);
    const read = await logs(sim, { filter: 'eventType eq "user.lifecycle.reactivate"' }, bearer);
    assert.equal(read.status, 200);
    assert.deepEqual(read.events.map((e) => asRecord(e['actor'])), [{ id: CLIENT_ID, type: 'PublicClientApp', alternateId: CLIENT_ID, displayName: CLIENT_ID }]);
  });
});
