import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';

// Okta's activation links work once and expire after the org's lifetime (7 days by default); a
// new activation email replaces the previous link. Why helpdesks resend on the start morning.

async function reactivate(url: string, token: string, id: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/users/${id}/lifecycle/reactivate?sendEmail=true`, { method: 'POST', headers: { Authorization: `SSWS ${token}`, Accept: 'application/json' } });
  return response.status;
}

test('an activation link works once within the lifetime; after it, "expired" until a new email', async () => {
  const sim = await startOktaSimulator({ users: [{ login: 'ann@corp.example', status: 'PROVISIONED' }, { login: 'bo@corp.example', status: 'PROVISIONED' }], activationLinkDays: 7, emailCooldownMs: 0 });
  try {
    const ann = sim.getUser('ann@corp.example')!;
    const bo = sim.getUser('bo@corp.example')!;
    assert.equal(sim.followActivationLink(ann.id), 'no_link');
    assert.equal(await reactivate(sim.url, sim.apiToken, ann.id), 200);
    assert.equal(await reactivate(sim.url, sim.apiToken, bo.id), 200);
    const sentAt = Date.now();
    assert.equal(sim.followActivationLink(bo.id, sentAt + 8 * 24 * 3600_000), 'expired', 'eight days later');
    assert.equal(sim.getUser(bo.id)!.status, 'PROVISIONED');
    assert.equal(await reactivate(sim.url, sim.apiToken, bo.id), 200, 'the resend');
    assert.equal(sim.followActivationLink(bo.id), 'activated');
    assert.equal(sim.getUser(bo.id)!.status, 'ACTIVE');
    assert.equal(sim.followActivationLink(ann.id, sentAt + 6 * 24 * 3600_000), 'activated', 'six days later');
    assert.equal(sim.followActivationLink(ann.id), 'used', 'a second click (a mail scanner got there first)');
  } finally {
    await sim.close();
  }
});
