import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import type { OktaSimulator } from '../../src/okta-simulator/index.ts';
import { asRecord, rawCall, withSim } from './helpers.ts';

const CLIENT_ID = '0oasimulatorclient01';
const USERS = [{ id: '00uactive00000000001', status: 'ACTIVE' as const, login: 'frank.moreau@corp.example' }];

/** An unsigned JWT is enough: the simulator reads iss/sub/exp and never checks signatures. */
function assertion(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function requestToken(sim: OktaSimulator, form: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  assert.ok(res.headers.get('x-okta-request-id'));
  return { status: res.status, json: asRecord(await res.json()) };
}

const GRANT = {
  grant_type: 'client_credentials',
  scope: 'okta.users.read',
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
};

test('the SDK in PrivateKey mode gets a token and then calls the API with it', async () => {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await withSim({ users: USERS, oauthClientId: CLIENT_ID }, async (sim) => {
    const client = new Client({
      orgUrl: sim.url,
      authorizationMode: 'PrivateKey',
      clientId: CLIENT_ID,
      scopes: ['okta.users.read', 'okta.users.manage'],
      privateKey,
      cacheMiddleware: null,
      requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
    });
    const user = await client.userApi.getUser({ userId: '00uactive00000000001' });
    assert.equal(user.status, 'ACTIVE');
    await client.userApi.getUser({ userId: 'frank.moreau@corp.example' });
    assert.deepEqual(
      sim.calls.map((c) => [c.method, c.path, c.status, c.bucket]),
      [
        ['POST', '/oauth2/v1/token', 200, 'other'],
        ['GET', '/api/v1/users/00uactive00000000001', 200, 'users-get'],
        ['GET', '/api/v1/users/frank.moreau%40corp.example', 200, 'users-get'],
      ],
    );
  });
});

test('token endpoint: Bearer tokens it issued are accepted, others are 401 E0000011', async () => {
  await withSim({ users: USERS, oauthClientId: CLIENT_ID }, async (sim) => {
    const good = await requestToken(sim, { ...GRANT, client_assertion: assertion({ iss: CLIENT_ID, sub: CLIENT_ID }) });
    assert.equal(good.status, 200);
    assert.equal(good.json['token_type'], 'Bearer');
    assert.equal(good.json['expires_in'], 3600);
    assert.equal(good.json['scope'], 'okta.users.read');
    const token = String(good.json['access_token']);
    assert.equal((await rawCall(sim, 'GET', '/api/v1/users/00uactive00000000001', `Bearer ${token}`)).status, 200);
    const forged = await rawCall(sim, 'GET', '/api/v1/users/00uactive00000000001', 'Bearer not-issued');
    assert.equal(forged.status, 401);
    assert.equal(asRecord(forged.json)['errorCode'], 'E0000011');
    // An issued token is not an API token.
    assert.equal((await rawCall(sim, 'GET', '/api/v1/users/00uactive00000000001', `SSWS ${token}`)).status, 401);
  });
});

test('scopes: okta.users.read allows reads only; a lifecycle call needs okta.users.manage (403 E0000006), and nothing is sent', async () => {
  await withSim({ users: [{ id: '00uprov0000000000001', status: 'PROVISIONED' as const, login: 'pat.new@corp.example' }], oauthClientId: CLIENT_ID }, async (sim) => {
    const tokenFor = async (scope: string) => String((await requestToken(sim, { ...GRANT, scope, client_assertion: assertion({ iss: CLIENT_ID, sub: CLIENT_ID }) })).json['access_token']);
    const readOnly = await tokenFor('okta.users.read');
    assert.equal((await rawCall(sim, 'GET', '/api/v1/users/00uprov0000000000001', `Bearer ${readOnly}`)).status, 200);
    assert.equal((await rawCall(sim, 'GET', '/api/v1/users?search=status%20eq%20%22PROVISIONED%22', `Bearer ${readOnly}`)).status, 200);
    const refused = await rawCall(sim, 'POST', '/api/v1/users/00uprov0000000000001/lifecycle/reactivate?sendEmail=true', `Bearer ${readOnly}`);
    assert.deepEqual([refused.status, asRecord(refused.json)['errorCode']], [403, 'E0000006']);
    assert.deepEqual(sim.outbox, []);
    const other = await tokenFor('okta.groups.read');
    assert.equal((await rawCall(sim, 'GET', '/api/v1/users/00uprov0000000000001', `Bearer ${other}`)).status, 403, 'no users scope, no read');
    const manage = await tokenFor('okta.users.manage');
    assert.equal((await rawCall(sim, 'GET', '/api/v1/users/00uprov0000000000001', `Bearer ${manage}`)).status, 200, 'manage includes read');
    assert.equal((await rawCall(sim, 'POST', '/api/v1/users/00uprov0000000000001/lifecycle/reactivate?sendEmail=true', `Bearer ${manage}`)).status, 200);
    assert.equal(sim.outbox.length, 1);
  });
});

test('token endpoint refuses wrong clients, grants and expired assertions', async () => {
  await withSim({ users: USERS, oauthClientId: CLIENT_ID }, async (sim) => {
    const wrongIss = await requestToken(sim, { ...GRANT, client_assertion: assertion({ iss: 'other', sub: CLIENT_ID }) });
    assert.deepEqual([wrongIss.status, wrongIss.json['error']], [401, 'invalid_client']);
    const expired = await requestToken(sim, {
      ...GRANT,
      client_assertion: assertion({ iss: CLIENT_ID, sub: CLIENT_ID, exp: Math.floor(Date.now() / 1000) - 10 }),
    });
    assert.deepEqual([expired.status, expired.json['error']], [401, 'invalid_client']);
    const notJwt = await requestToken(sim, { ...GRANT, client_assertion: 'garbage' });
    assert.equal(notJwt.status, 401);
    const grant = await requestToken(sim, { ...GRANT, grant_type: 'password' });
    assert.deepEqual([grant.status, grant.json['error']], [400, 'unsupported_grant_type']);
  });
});

test('without oauthClientId no client can get a token', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const res = await requestToken(sim, { ...GRANT, client_assertion: assertion({ iss: CLIENT_ID, sub: CLIENT_ID }) });
    assert.equal(res.status, 401);
    assert.equal(sim.calls[0]?.errorCode, 'invalid_client');
  });
});
