import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonlAuditSink } from '../../src/audit/jsonl-audit-sink.ts';
import type { JsonObject } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, HELEN, isPlanCard, personalMessage, withTeams } from './teams-harness.ts';

// Issue #5's audit trail, from a Teams request: the JSON lines file (AUDIT_LOG_PATH) names who
// asked and who confirmed by their Teams identity, every Okta call (the search and the lifecycle
// call) with its endpoint and Okta's X-Okta-Request-Id, each user's outcome and the run's outcome, and never a token or a link.

type Line = JsonObject & { type: string };

test('a Teams request, confirm and run write request, lookup, plan, confirm, lifecycle, user_outcome and outcome lines, with no secret', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'teams-audit-')), 'audit.jsonl');
  const audit = createJsonlAuditSink(path, (error) => assert.fail(String(error)));
  await withTeams(
    async (h) => {
      await h.post(personalMessage(`resend activation alice.nguyen@${D} carol.active@${D}`));
      const plan = await h.connector.waitFor(isPlanCard);
      const planId = String((cardActions(cardOf(plan))[0]?.data as JsonObject).planId);
      await h.post(cardClick(plan.id, { action: 'confirm', planId }));
      await h.connector.waitUntil(() => (cardTexts(cardOf(h.connector.message(plan.id)!)).at(-1) ?? '').startsWith('Done'));
      await h.surface.drain();
      await audit.flush();

      const text = await readFile(path, 'utf8');
      const events = text.trim().split('\n').map((line) => JSON.parse(line) as Line);
      // The users run concurrently, so their lines may interleave; the rest is in order.
      const types = events.map((e) => e.type);
      assert.deepEqual(types.slice(0, 5), ['request', 'lookup', 'plan', 'request_outcome', 'confirm']);
      // alice is read again right before her call; carol (already active) is not called at all.
      assert.deepEqual(types.slice(5, -1).sort(), ['lifecycle', 'lookup', 'user_outcome', 'user_outcome']);
      assert.equal(types.at(-1), 'outcome');
      const [request, lookup, planned, , confirm] = events;
      const call = events.find((e) => e.type === 'lifecycle');
      const outcome = events.at(-1);
      const helen = { surface: 'teams', userId: HELEN.aadObjectId, email: `helen@${D}`, displayName: HELEN.name, groupIds: [] };

      assert.deepEqual(request?.requester, helen, 'who asked, by AAD object id and roster email');
      assert.equal(request?.source, 'text');
      assert.equal(request?.identifiers, 2);
      assert.equal(planned?.planId, planId, 'the plan id the card carried');
      const users = planned?.users as JsonObject[];
      assert.deepEqual(users.map((u) => u.login), [`alice.nguyen@${D}`, `carol.active@${D}`], 'who was asked for, by name');
      assert.equal(users[0]?.decision, 'reactivate');
      assert.equal(users[1]?.decision, 'already_active', 'a skip names its reason');
      assert.deepEqual(confirm?.actor, helen, 'who confirmed');
      // The search that found both, as Okta saw it.
      const search = h.rt.sim.calls.filter((c) => c.path === '/api/v1/users');
      assert.deepEqual([lookup?.endpoint, lookup?.asked, lookup?.found, lookup?.actor], ['GET /api/v1/users?search', 2, 2, HELEN.aadObjectId]);
      assert.deepEqual(lookup?.oktaRequestIds, search.map((c) => c.requestId));

      // The one lifecycle call, as Okta saw it: same endpoint, same request id.
      const alice = h.rt.sim.getUser(`alice.nguyen@${D}`)!;
      const okta = h.rt.sim.calls.filter((c) => c.path.includes('/lifecycle/'));
      assert.equal(okta.length, 1);
      assert.equal(call?.endpoint, `POST /api/v1/users/${alice.id}/lifecycle/reactivate?sendEmail=true`);
      assert.equal(call?.oktaRequestId, okta[0]?.requestId, 'X-Okta-Request-Id');
      assert.equal(call?.actor, HELEN.aadObjectId);
      assert.equal(call?.statusBefore, 'PROVISIONED');
      assert.equal(call?.result, 'ok');

      const outcomes = events.filter((e) => e.type === 'user_outcome');
      assert.deepEqual(outcomes.map((e) => [e.login, e.outcome]).sort(), [[`alice.nguyen@${D}`, 'sent'], [`carol.active@${D}`, 'skipped']]);
      assert.equal(outcomes.find((e) => e.login === `alice.nguyen@${D}`)?.oktaRequestId, okta[0]?.requestId);
      assert.ok(events.slice(1).every((e) => e.planId === planId), 'every line after the request names the plan');
      assert.deepEqual([outcome?.sent, outcome?.skipped, outcome?.failed], [1, 1, 0]);
      assert.deepEqual(outcome?.actor, helen);

      assert.doesNotMatch(text, new RegExp(h.rt.sim.apiToken));
      assert.doesNotMatch(text, /SSWS|Bearer|activationUrl|activationToken|\/welcome\/|https?:\/\//i);
    },
    { audit },
  );
});
