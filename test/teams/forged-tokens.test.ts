import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import type { TeamsSettings } from '../../src/config.ts';
import { D, personalMessage, startTeamsHarness } from './teams-harness.ts';

// With an app id and tenant set, every request whose Bot Framework token does not verify is a 401,
// never a 500, and fast: this machine has no network, so the Teams SDK's fetch of the Bot Framework's
// signing keys (login.botframework.com) fails at once; tokens that could never verify are refused before it.

const APP_ID = '00000000-0000-0000-0000-000000000001';
const TENANT = '11111111-1111-4111-8111-111111111111';
const SETTINGS: TeamsSettings = { appId: APP_ID, appPassword: 'not-a-real-secret', tenantId: TENANT, appType: 'SingleTenant' };

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
/** Claims as the Bot Framework puts them in a channel's token, for our app id. */
const claims = (overrides: object = {}) => ({ iss: 'https://api.botframework.com', aud: APP_ID, iat: now - 60, nbf: now - 60, exp: now + 3600, serviceurl: 'http://127.0.0.1:9', ...overrides });

function hs256(): string {
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims())}`;
  return `${signed}.${createHmac('sha256', 'any-secret').update(signed).digest('base64url')}`;
}

function rs256(header: object, payload: object): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signed = `${part({ alg: 'RS256', typ: 'JWT', ...header })}.${part(payload)}`;
  return `${signed}.${createSign('RSA-SHA256').update(signed).sign(privateKey).toString('base64url')}`;
}

const FORGED: ReadonlyArray<readonly [string, string | null]> = [
  ['no Authorization header', null],
  ['not a bearer token', 'Basic dXNlcjpwYXNz'],
  ['garbage bearer token', 'Bearer not.a.jwt'],
  ['HS256 with any secret', `Bearer ${hs256()}`],
  ['alg none', `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part(claims())}.`],
  ['RS256 with a self-made key', `Bearer ${rs256({ kid: 'self-made-key' }, claims())}`],
  ['RS256 naming no key', `Bearer ${rs256({}, claims())}`],
  ['expired', `Bearer ${rs256({ kid: 'self-made-key' }, claims({ exp: now - 3600, nbf: now - 7200, iat: now - 7200 }))}`],
];

test('forged, self-signed, expired and alg=none tokens get 401, fast, and nothing runs', async () => {
  const h = await startTeamsHarness({ settings: SETTINGS });
  const originalError = console.error;
  // Whatever an SDK prints of what it refuses with console.error: keep the test output readable.
  console.error = () => undefined;
  try {
    for (const [name, authorization] of FORGED) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${h.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ ...personalMessage(`resend activation alice.nguyen@${D}`), serviceUrl: h.connector.url }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = await response.text();
      assert.equal(response.status, 401, name);
      assert.ok(performance.now() - started < 5_000, `${name}: answered within 5 s`);
      assert.doesNotMatch(body, /Error|login\.botframework|ENOTFOUND/, `${name}: no internals in the answer`);
    }
    await h.surface.drain();
    assert.deepEqual(h.connector.calls, [], 'no reply, no roster lookup');
    assert.equal(h.rt.sim.calls.length, 0, 'Okta never asked');
  } finally {
    console.error = originalError;
    await h.close();
  }
});
