import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';
import type { OktaSimulator, SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { asRecord, rawCall, withSim } from './helpers.ts';

const USERS: SimulatorSeedUser[] = [
  { id: '00uprovisioned000001', status: 'PROVISIONED', login: 'carol.diaz@corp.example' },
  { id: '00uprovisioned000002', status: 'PROVISIONED', login: 'dan.okafor@corp.example' },
];
const GET_CAROL = '/api/v1/users/00uprovisioned000001';
const REACTIVATE_CAROL = '/api/v1/users/00uprovisioned000001/lifecycle/reactivate?sendEmail=true';
const REACTIVATE_DAN = '/api/v1/users/00uprovisioned000002/lifecycle/reactivate?sendEmail=true';

/** A call that gives up after `ms`: resolves 'no answer' instead of a status. */
async function callGivingUp(sim: OktaSimulator, method: string, path: string, ms: number): Promise<number | 'no answer'> {
  try {
    const res = await fetch(`${sim.url}${path}`, { method, headers: { Authorization: `SSWS ${sim.apiToken}` }, signal: AbortSignal.timeout(ms) });
    await res.text();
    return res.status;
  } catch (error) {
    assert.equal((error as Error).name, 'TimeoutError');
    return 'no answer';
  }
}

/** Waits until the simulator has read `count` hung requests (they are recorded once read). */
async function hungCount(sim: OktaSimulator, count: number): Promise<void> {
  for (let i = 0; i < 200 && sim.hung.length < count; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(sim.hung.length, count);
}

test('hang: the next N matching requests are read and never answered; the rest are answered as usual', async () => {
  await withSim({ users: USERS, faults: [{ kind: 'hang', match: { method: 'POST', path: /\/lifecycle\// }, times: 1 }] }, async (sim) => {
    assert.equal((await rawCall(sim, 'GET', GET_CAROL)).status, 200, 'a GET does not match');
    assert.equal(await callGivingUp(sim, 'POST', REACTIVATE_CAROL, 300), 'no answer');
    assert.equal(await callGivingUp(sim, 'POST', REACTIVATE_DAN, 2000), 200, 'times: 1 — the next one is answered');
    await hungCount(sim, 1);
    assert.deepEqual(
      sim.hung.map((h) => [h.method, h.path, h.bucket, h.tookEffect]),
      [['POST', '/api/v1/users/00uprovisioned000001/lifecycle/reactivate', 'lifecycle', false]],
    );
    assert.equal(sim.hung[0]?.query['sendEmail'], 'true');
    assert.deepEqual(sim.outbox.map((m) => m.userId), ['00uprovisioned000002'], 'the hung request had no effect');
    assert.ok(!sim.calls.some((c) => c.path.endsWith('00uprovisioned000001/lifecycle/reactivate')), 'a hung request is not in calls (it has no status)');
  });
});

test('hang with takeEffect: the call is carried out and only the answer is lost', async () => {
  await withSim({ users: USERS }, async (sim) => {
    sim.addFault({ kind: 'hang', match: { bucket: 'lifecycle' }, times: 1, takeEffect: true });
    assert.equal(await callGivingUp(sim, 'POST', REACTIVATE_CAROL, 300), 'no answer');
    await hungCount(sim, 1);
    assert.equal(sim.hung[0]?.tookEffect, true);
    assert.deepEqual(sim.outbox.map((m) => m.userId), ['00uprovisioned000001'], 'the email went out');
  });
});

test('faults added at run time match by predicate and can be removed; clearFaults removes all', async () => {
  await withSim({ users: USERS }, async (sim) => {
    const remove = sim.addFault({ kind: 'hang', match: { when: (r) => r.bucket === 'users-get' && r.path.endsWith('000001') } });
    assert.equal(await callGivingUp(sim, 'GET', GET_CAROL, 200), 'no answer');
    assert.equal(await callGivingUp(sim, 'GET', GET_CAROL, 200), 'no answer', 'without times, every match hangs');
    assert.equal((await rawCall(sim, 'GET', '/api/v1/users/00uprovisioned000002')).status, 200);
    remove();
    assert.equal((await rawCall(sim, 'GET', GET_CAROL)).status, 200);
    sim.addFault({ kind: 'hang' });
    sim.clearFaults();
    assert.equal((await rawCall(sim, 'GET', GET_CAROL)).status, 200);
    assert.throws(() => sim.addFault({ kind: 'hang', times: 0 }), /times must be an integer >= 1/);
  });
});

test('farReset: 429 E0000047 whose X-Rate-Limit-Reset is an hour after the Date header', async () => {
  const clock = Date.UTC(2030, 0, 1, 12, 0, 10, 250);
  await withSim({ users: USERS, now: () => clock, faults: [{ kind: 'farReset', match: { bucket: 'users-get' }, times: 1 }] }, async (sim) => {
    const limited = await rawCall(sim, 'GET', GET_CAROL);
    assert.equal(limited.status, 429);
    assert.equal(asRecord(limited.json)['errorCode'], 'E0000047');
    const date = Date.parse(limited.headers.get('date') ?? '');
    assert.equal(date, Date.UTC(2030, 0, 1, 12, 0, 10));
    assert.equal(Number(limited.headers.get('x-rate-limit-reset')), date / 1000 + 3600);
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    assert.equal(limited.headers.get('x-rate-limit-limit'), '2000', "the bucket's own limit");
    assert.ok(limited.headers.get('x-okta-request-id'));
    assert.equal(sim.count429(), 1);
    assert.equal((await rawCall(sim, 'GET', GET_CAROL)).status, 200);
  });
});

test('close() shuts the simulator down while requests hang (their sockets are destroyed)', { timeout: 5_000 }, async () => {
  const sim = await startOktaSimulator({ users: USERS, faults: [{ kind: 'hang' }] });
  // A client with no time limit at all: only close() can end its request.
  const outcome = new Promise<string>((resolve) => {
    const req = request(`${sim.url}${GET_CAROL}`, { headers: { Authorization: `SSWS ${sim.apiToken}` } }, () => resolve('answered'));
    req.on('error', (error) => resolve(`error: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    req.end();
  });
  await hungCount(sim, 1);
  await sim.close();
  assert.match(await outcome, /^error: /, 'the hung request ends with a closed socket, not an answer');
});
