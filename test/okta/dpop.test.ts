import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOktaConnection } from '../../src/okta/okta-client.ts';
import { isOktaTokenError } from '../../src/okta/okta-call-errors.ts';
import { createRuntime } from '../../src/runtime/create-runtime.ts';
import { startOktaSimulator, type OktaSimulator, type SimulatorOptions } from '../../src/okta-simulator/index.ts';
import type { Requester } from '../../src/core/requester.ts';
import type { ResendSettings } from '../../src/core/resend-service.ts';

// Issue 13, item 3: Okta service apps created since 2024 have "Require DPoP" on. The OAuth mode
// must work against such an app (the simulator verifies proofs as Okta does) and against one
// without, with the pacing executor in front either way.

const CLIENT_ID = '0oaDPOPBOT';
const operator: Requester = { surface: 'cli', userId: 'ops', email: null, displayName: 'ops', groupIds: [] };
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function provisioned(count: number): NonNullable<SimulatorOptions['users']> {
  return Array.from({ length: count }, (_, i) => ({ login: `hire${String(i).padStart(3, '0')}@corp.example`, status: 'PROVISIONED' as const }));
}

/** A resend through createRuntime in OAuth private-key mode, confirmed and run: the core's report. */
async function resendAll(sim: OktaSimulator, logins: readonly string[], settings: Partial<ResendSettings> = {}) {
  const { service } = createRuntime({
    okta: { orgUrl: sim.url, auth: { kind: 'privateKey', clientId: CLIENT_ID, privateKey: PEM, keyId: 'kid-1' }, rateLimitReserve: 0, timeoutSeconds: 30, maxWaitSeconds: 75 },
    roles: { helpdesk: [], approvers: [], admins: [] },
    settings,
  });
  const prepared = await service.prepare(operator, { kind: 'text', text: logins.join('\n') });
  assert.equal(prepared.kind, 'planned');
  if (prepared.kind !== 'planned') throw new Error('not planned');
  await service.confirm(prepared.plan.id, operator);
  return service.execute(prepared.plan, operator);
}

const tokenCalls = (sim: OktaSimulator) => sim.calls.filter((c) => c.path === '/oauth2/v1/token').map((c) => [c.status, c.errorCode]);
const apiCalls = (sim: OktaSimulator) => sim.calls.filter((c) => c.path.startsWith('/api/'));

test('an app with "Require DPoP": nonce challenge answered, DPoP-bound token, every API call accepted, users emailed', async () => {
  const sim = await startOktaSimulator({ oauthClientId: CLIENT_ID, oauthRequireDpop: true, users: provisioned(2) });
  try {
    const report = await resendAll(sim, ['hire000@corp.example', 'hire001@corp.example']);
    assert.equal(report.counts.sent, 2);
    assert.equal(sim.outbox.length, 2);
    // Lookups run in parallel, and the SDK does not share a token request in flight: there may be
    // several challenges and grants, in any order after the first challenge.
    const tokens = tokenCalls(sim);
    assert.deepEqual(tokens[0], [400, 'use_dpop_nonce'], 'the first token request is challenged');
    assert.ok(tokens.some(([status]) => status === 200), 'a retry with the nonce is granted');
    assert.ok(tokens.every(([status, code]) => status === 200 || code === 'use_dpop_nonce'), JSON.stringify(tokens));
    assert.ok(apiCalls(sim).length >= 3, 'searches and lifecycle calls were made');
    assert.ok(apiCalls(sim).every((c) => c.status === 200), `every API call carried a valid proof: ${JSON.stringify(apiCalls(sim).map((c) => [c.path, c.status]))}`);
  } finally {
    await sim.close();
  }
});

test('an app without DPoP: a Bearer token at the first request, users emailed', async () => {
  const sim = await startOktaSimulator({ oauthClientId: CLIENT_ID, users: provisioned(2) });
  try {
    const report = await resendAll(sim, ['hire000@corp.example', 'hire001@corp.example']);
    assert.equal(report.counts.sent, 2);
    assert.equal(sim.outbox.length, 2);
    assert.deepEqual(tokenCalls(sim)[0], [200, null], 'no challenge');
    assert.ok(apiCalls(sim).every((c) => c.status === 200));
  } finally {
    await sim.close();
  }
});

for (const requireDpop of [true, false]) {
  test(`a bulk run through the pacing executor (${requireDpop ? 'DPoP' : 'Bearer'}): 30 users under a lifecycle limit and a concurrency limit, no 429 reaches the caller, retried requests carry fresh proofs`, async () => {
    const users = provisioned(30);
    const sim = await startOktaSimulator({
      oauthClientId: CLIENT_ID,
      oauthRequireDpop: requireDpop,
      users,
      rateLimits: { lifecycle: { limit: 12, windowSeconds: 1 } },
      // More workers than Okta's concurrency allows: 429s the executor retries are certain.
      concurrencyLimit: 3,
      latencyMs: 15,
    });
    try {
      const report = await resendAll(sim, users.map((u) => u.login), { concurrency: 8 });
      assert.ok(sim.count429() > 0, 'the executor had 429s to retry');
      assert.deepEqual(report.counts, { sent: 30, skipped: 0, failed: 0, inDoubt: 0 });
      assert.equal(sim.outbox.length, 30);
      assert.equal(new Set(sim.outbox.map((mail) => mail.to)).size, 30, 'nobody emailed twice');
      // A retried request with its first proof would be refused as a replay (401), and the SDK
      // would then quietly fetch a new token: no 401 at all proves each retry was signed afresh.
      assert.deepEqual(apiCalls(sim).filter((c) => c.status === 401), []);
    } finally {
      await sim.close();
    }
  });
}

// ---- the simulator's checks, request by request (what Okta refuses) ----

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function proof(claims: Record<string, unknown>, key: KeyObject = privateKey, jwkOf: KeyObject = publicKey, typ = 'dpop+jwt'): string {
  const input = `${b64({ typ, alg: 'RS256', jwk: jwkOf.export({ format: 'jwk' }) })}.${b64({ iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...claims })}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function assertion(): string {
  return `${b64({ alg: 'RS256' })}.${b64({ iss: CLIENT_ID, sub: CLIENT_ID, exp: Math.floor(Date.now() / 1000) + 300 })}.c2ln`;
}

async function tokenRequest(sim: OktaSimulator, dpop?: string) {
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'okta.users.read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion() });
  const res = await fetch(`${sim.url}/oauth2/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(dpop ? { DPoP: dpop } : {}) }, body });
  return { status: res.status, nonce: res.headers.get('dpop-nonce'), json: (await res.json()) as Record<string, unknown> };
}

test('simulator with "Require DPoP": a token request without a proof is refused; nonce challenge; DPoP-bound token', async () => {
  const sim = await startOktaSimulator({ oauthClientId: CLIENT_ID, oauthRequireDpop: true });
  try {
    const htu = `${sim.url}/oauth2/v1/token`;
    const none = await tokenRequest(sim);
    assert.deepEqual([none.status, none.json['error']], [400, 'invalid_dpop_proof'], 'no proof, no token');
    const wrongTyp = await tokenRequest(sim, proof({ htm: 'POST', htu }, privateKey, publicKey, 'JWT'));
    assert.deepEqual([wrongTyp.status, wrongTyp.json['error']], [400, 'invalid_dpop_proof']);
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await tokenRequest(sim, proof({ htm: 'POST', htu }, otherKey));
    assert.deepEqual([forged.status, forged.json['error']], [400, 'invalid_dpop_proof'], 'signature checked against the jwk header');
    const stale = await tokenRequest(sim, proof({ htm: 'POST', htu, iat: Math.floor(Date.now() / 1000) - 3600 }));
    assert.deepEqual([stale.status, stale.json['error']], [400, 'invalid_dpop_proof'], 'iat must be recent');

    const challenge = await tokenRequest(sim, proof({ htm: 'POST', htu }));
    assert.deepEqual([challenge.status, challenge.json['error']], [400, 'use_dpop_nonce']);
    assert.ok(challenge.nonce, 'a DPoP-Nonce header');
    const replayed = proof({ htm: 'POST', htu, nonce: challenge.nonce });
    const granted = await tokenRequest(sim, replayed);
    assert.equal(granted.status, 200);
    assert.equal(granted.json['token_type'], 'DPoP');
    const again = await tokenRequest(sim, replayed);
    assert.deepEqual([again.status, again.json['error']], [400, 'invalid_dpop_proof'], 'a jti is used once');

    // API calls with the DPoP-bound token.
    const token = String(granted.json['access_token']);
    const ath = createHash('sha256').update(token).digest('base64url');
    const url = `${sim.url}/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}`;
    const htuApi = `${sim.url}/api/v1/users`;
    const call = (headers: Record<string, string>) => fetch(url, { headers: { Accept: 'application/json', ...headers } });
    const bearer = await call({ Authorization: `Bearer ${token}` });
    assert.equal(bearer.status, 401, 'a bound token is not a Bearer token');
    const noProof = await call({ Authorization: `DPoP ${token}` });
    assert.equal(noProof.status, 401);
    assert.match(noProof.headers.get('www-authenticate') ?? '', /^DPoP .*error="invalid_dpop_proof"/);
    assert.equal((await call({ Authorization: `DPoP ${token}`, DPoP: proof({ htm: 'GET', htu: htuApi }) })).status, 401, 'ath required');
    assert.equal((await call({ Authorization: `DPoP ${token}`, DPoP: proof({ htm: 'POST', htu: htuApi, ath }) })).status, 401, 'htm must match');
    assert.equal((await call({ Authorization: `DPoP ${token}`, DPoP: proof({ htm: 'GET', htu: `${sim.url}/api/v1/logs`, ath }) })).status, 401, 'htu must match');
    const { privateKey: thief, publicKey: thiefPublic } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    assert.equal((await call({ Authorization: `DPoP ${token}`, DPoP: proof({ htm: 'GET', htu: htuApi, ath }, thief, thiefPublic) })).status, 401, 'another key than cnf.jkt');
    const good = proof({ htm: 'GET', htu: htuApi, ath });
    assert.equal((await call({ Authorization: `DPoP ${token}`, DPoP: good })).status, 200);
    assert.equal((await call({ Authorization: `DPoP ${token}`, DPoP: good })).status, 401, 'a proof is used once');
  } finally {
    await sim.close();
  }
});

test('simulator without "Require DPoP": the proof the SDK always sends is ignored and a Bearer token issued', async () => {
  const sim = await startOktaSimulator({ oauthClientId: CLIENT_ID });
  try {
    const withProof = await tokenRequest(sim, proof({ htm: 'POST', htu: `${sim.url}/oauth2/v1/token` }));
    assert.deepEqual([withProof.status, withProof.json['token_type']], [200, 'Bearer']);
    const without = await tokenRequest(sim);
    assert.deepEqual([without.status, without.json['token_type']], [200, 'Bearer']);
  } finally {
    await sim.close();
  }
});

test('a token endpoint that challenges every proof, nonce or not, is a refusal (OktaTokenError), not an endless loop', async () => {
  let tokenRequests = 0;
  const server = createServer((req, res) => {
    tokenRequests += 1;
    req.resume();
    res.writeHead(400, { 'Content-Type': 'application/json', 'DPoP-Nonce': `n${tokenRequests}` }).end(JSON.stringify({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { client } = createOktaConnection({ orgUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, auth: { kind: 'privateKey', clientId: CLIENT_ID, privateKey: PEM }, timeoutSeconds: 5, maxWaitSeconds: 5 });
    await assert.rejects(client.userApi.getUser({ userId: 'someone' }), (error) => isOktaTokenError(error) && error.errorCode === 'use_dpop_nonce');
    assert.ok(tokenRequests <= 4, `gave up after the nonce was refused (${tokenRequests} token requests)`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
