import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunHandedOverError } from '../../src/core/errors.ts';
import type { Requester } from '../../src/core/requester.ts';
import { createRuntime } from '../../src/runtime/create-runtime.ts';
import { createRedisStore } from '../../src/store/redis-store.ts';
import { redisSkip, uniquePrefix, withRedis } from '../support/redis-server.ts';
import { cardOf, cardTexts, D, fixture, HELEN, startTeamsHarness, textOf } from './teams-harness.ts';

// A Teams run whose process was drained mid-run is finished by another process, and reported in
// the same conversation through a proactive turn from the stored reference: what reached the fake
// Bot Connector is the evidence, and nobody is emailed twice.

test('a run handed over on shutdown is picked up by another process and finished in the same Teams conversation', { skip: redisSkip() }, async (t) => {
  const redis = await withRedis(t);
  const prefix = uniquePrefix('teams-resume');
  const [storeA, storeB] = [createRedisStore({ url: redis.url, keyPrefix: prefix }), createRedisStore({ url: redis.url, keyPrefix: prefix })];
  t.after(async () => Promise.all([storeA.close(), storeB.close()]));
  await Promise.all([storeA.ready(), storeB.ready()]);
  const hires = Array.from({ length: 12 }, (_, i) => ({ login: `hire${i}@${D}`, status: 'PROVISIONED' as const }));
  // Process B: the Teams surface over HTTP, with the fake connector.
  const h = await startTeamsHarness({ users: hires, store: storeB });
  t.after(() => h.close());
  // Process A: the same Okta and store; its run is reported into Helen's personal chat.
  const a = createRuntime({
    okta: { orgUrl: h.rt.sim.url, auth: { kind: 'apiToken', token: h.rt.sim.apiToken }, rateLimitReserve: 0, timeoutSeconds: 2, maxWaitSeconds: 75 },
    roles: { helpdesk: [HELEN.aadObjectId], approvers: [], admins: [] },
    settings: { concurrency: 4 },
    store: storeA,
  });
  const helen: Requester = { surface: 'teams', userId: HELEN.aadObjectId, email: `helen@${D}`, displayName: HELEN.name, groupIds: [] };
  const prepared = await a.service.prepare(helen, { kind: 'text', text: hires.map((u) => u.login).join('\n') });
  assert.equal(prepared.kind, 'planned');
  const plan = (prepared as Extract<typeof prepared, { kind: 'planned' }>).plan;
  assert.equal((await a.service.confirm(plan.id, helen)).kind, 'confirmed');
  const personal = fixture('message-personal') as { conversation: { id: string; tenantId: string }; recipient: { id: string; name: string } };
  const replyTo = {
    surface: 'teams',
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    conversationId: personal.conversation.id,
    tenantId: personal.conversation.tenantId,
    conversationType: 'personal',
    botId: personal.recipient.id,
    botName: personal.recipient.name,
  };
  h.rt.sim.addFault({ kind: 'hang', match: { method: 'POST', when: (request) => request.path.includes(h.rt.sim.getUser(`hire3@${D}`)!.id) } });
  const running = a.service.execute(plan, helen, { replyTo });
  for (let i = 0; i < 200 && h.rt.sim.outbox.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await a.service.drainRuns(Date.now(), Date.now() + 300);
  h.rt.sim.clearFaults();

  await h.rt.service.recoverRuns();
  await h.rt.service.resumedRunsIdle();
  await assert.rejects(running, RunHandedOverError);
  const posted = h.connector.posted();
  // The progress message starts as "Picking this run up…" and ends as "Finished in …".
  const progress = posted.find((m) => m.versions.some((v) => /Picking this run up after a restart/.test(String(v.text ?? ''))));
  assert.ok(progress, posted.map(textOf).join('\n'));
  // The hung call is in doubt; a call still on its way when A let go may be too (B never repeats it).
  const counts = /^Finished in .*?(\d+) sent · 0 skipped · (\d+) failed/.exec(textOf(progress));
  assert.ok(counts, textOf(progress));
  assert.equal(Number(counts[1]) + Number(counts[2]), 12);
  assert.ok(Number(counts[2]) >= 1);
  assert.equal(progress.conversationId.split(';')[0], personal.conversation.id, 'in Helen’s own chat');
  const report = posted.find((m) => cardTexts(cardOf(m))[0]?.startsWith('Done'));
  assert.ok(report, 'the report card in the same conversation');
  assert.ok(cardTexts(cardOf(report)).some((text) => /In doubt — not retried/.test(text)), 'the hung call is in doubt, not retried');
  const perUser = new Map<string, number>();
  for (const mail of h.rt.sim.outbox) perUser.set(mail.userId, (perUser.get(mail.userId) ?? 0) + 1);
  assert.equal(perUser.has(h.rt.sim.getUser(`hire3@${D}`)!.id), false, 'the hung call sent nothing and was not made again');
  assert.ok(perUser.size >= Number(counts[1]), 'everyone reported sent was emailed');
  assert.ok([...perUser.values()].every((n) => n === 1), 'nobody twice');
});
