import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonlAuditSink } from '../../src/audit/jsonl-audit-sink.ts';
import { ADA, cardActions, cardOf, cardTexts, channelCardClick, D } from './teams-harness.ts';
import { APPROVALS, approvalCard, approvalIdOf, lastText, mailed, mariaConfirms, PERSONAL, textsIn, withHarness } from './approval-helpers.ts';

// The approval expiry sweep (createTeamsSurface's approvalSweepMs): an approval nobody decided
// within APPROVAL_TTL_HOURS is settled as expired by the core, its card in the approval channel
// loses its buttons, and the requester hears that nothing was sent. The core's clock is moved on
// instead of waiting 24 hours; the sweep runs every 25 ms here.

const DAY_AND_AN_HOUR = 25 * 60 * 60_000;
const EXPIRED = 'Expired without a decision — nothing was sent.';
const NOTICE = 'Nobody approved your request in time, so nothing was sent to';

async function auditFile() {
  const path = join(await mkdtemp(join(tmpdir(), 'teams-sweep-audit-')), 'audit.jsonl');
  const audit = createJsonlAuditSink(path, (error) => assert.fail(String(error)));
  const read = async () => {
    await audit.flush();
    return (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; approvalId?: string; detail?: string });
  };
  return { audit, read };
}

test('nobody decides in time: the sweep closes the approval card, tells the requester once, and a late Approve sends nothing', async () => {
  let offsetMs = 0;
  const { audit, read } = await auditFile();
  await withHarness(
    async (h) => {
      await mariaConfirms(h, ['other.hire', 'second.hire']);
      const card = await approvalCard(h);
      assert.equal(card.versions.length, 1, 'open until it expires');

      offsetMs = DAY_AND_AN_HOUR;
      await h.connector.waitUntil(() => lastText(h.connector.message(card.id)) === EXPIRED);
      await h.connector.waitUntil(() => textsIn(h, PERSONAL).some((t) => t.startsWith(NOTICE)));
      await h.surface.drain();

      // The card was updated in place (PUT to the approval channel, the id the post returned).
      const closed = h.connector.message(card.id)!;
      assert.deepEqual(cardActions(cardOf(closed)), [], 'no buttons once expired');
      assert.ok(cardTexts(cardOf(closed)).includes(`other.hire@${D}`), 'still says for whom');
      assert.ok(h.connector.calls.some((c) => c.kind === 'update' && c.conversationId === APPROVALS && c.activityId === card.id));

      // The requester is told in her own conversation, with the users, once however often it sweeps.
      const notices = textsIn(h, PERSONAL).filter((t) => t.startsWith(NOTICE));
      assert.deepEqual(notices, [
        `${NOTICE} those 2 users. Ask again if they still need the email, or ask your helpdesk.\n\nother.hire@${D}\n\nsecond.hire@${D}`,
      ]);

      // A click on the old card (a client that had not refreshed) is too late.
      await h.post(channelCardClick(APPROVALS, card.id, { action: 'approve', approvalId: approvalIdOf(card) }, ADA));
      await h.connector.waitUntil(() => textsIn(h, APPROVALS).length > 0);
      await h.surface.drain();
      assert.deepEqual(textsIn(h, APPROVALS), ['This approval request expired. The requester can ask again.']);
      assert.equal(h.lifecycleCalls(), 0);
      assert.deepEqual(mailed(h), []);
      assert.equal(textsIn(h, PERSONAL).filter((t) => t.startsWith(NOTICE)).length, 1, 'told once');

      // The core knew where the card was (approvalPosted) and expired it once.
      const events = await read();
      const posted = events.find((e) => e.type === 'approval_posted');
      assert.ok(posted?.detail?.includes(APPROVALS) && posted.detail.includes(card.id), posted?.detail);
      assert.equal(events.filter((e) => e.type === 'approval_expired').length, 1);
    },
    { now: () => Date.now() + offsetMs, approvalSweepMs: 25, audit },
  );
});

test('the expired card cannot be updated (429): the requester is still told', async () => {
  let offsetMs = 0;
  await withHarness(
    async (h) => {
      await mariaConfirms(h, ['other.hire']);
      const card = await approvalCard(h);
      h.connector.faults.push((request) => (request.method === 'PUT' && request.conversationId.startsWith(APPROVALS) ? 429 : null));
      offsetMs = DAY_AND_AN_HOUR;
      await h.connector.waitUntil(() => textsIn(h, PERSONAL).some((t) => t.startsWith(NOTICE)));
      await h.surface.drain();
      assert.equal(textsIn(h, PERSONAL).find((t) => t.startsWith(NOTICE)), `${NOTICE} that user. Ask again if they still need the email, or ask your helpdesk.\n\nother.hire@${D}`);
      assert.ok(h.connector.calls.some((c) => c.kind === 'update' && c.activityId === card.id && c.status === 429), 'the update was tried');
      assert.equal(h.connector.message(card.id)?.versions.length, 1);
    },
    { now: () => Date.now() + offsetMs, approvalSweepMs: 25 },
  );
});

test('the requester cannot be reached (500): the expired card is still closed', async () => {
  let offsetMs = 0;
  await withHarness(
    async (h) => {
      await mariaConfirms(h, ['other.hire']);
      const card = await approvalCard(h);
      await h.surface.drain();
      h.connector.faults.push((request) => (request.method === 'POST' && request.conversationId.startsWith(PERSONAL) ? 500 : null));
      offsetMs = DAY_AND_AN_HOUR;
      await h.connector.waitUntil(() => lastText(h.connector.message(card.id)) === EXPIRED);
      await h.surface.drain();
      assert.ok(h.connector.calls.some((c) => c.method === 'POST' && c.conversationId?.startsWith(PERSONAL) && c.status === 500), 'telling her was tried');
      assert.ok(!textsIn(h, PERSONAL).some((t) => t.startsWith(NOTICE)));
    },
    { now: () => Date.now() + offsetMs, approvalSweepMs: 25 },
  );
});

test('an approval that could not be posted is settled at once: the sweep never reports it as expired', async () => {
  for (const setup of ['not configured', 'channel refuses the bot'] as const) {
    let offsetMs = 0;
    const { audit, read } = await auditFile();
    await withHarness(
      async (h) => {
        if (setup === 'channel refuses the bot') h.connector.blockedConversations.add(APPROVALS);
        await mariaConfirms(h, ['other.hire']);
        await h.surface.drain();
        const notPosted = (await read()).filter((e) => e.type === 'approval_not_posted');
        assert.deepEqual(
          notPosted.map((e) => e.detail),
          [setup === 'not configured' ? 'APPROVAL_TEAMS_CHANNEL is not set' : 'could not post into APPROVAL_TEAMS_CHANNEL (HTTP 403)'],
          setup,
        );
        offsetMs = DAY_AND_AN_HOUR;
        // Nothing is left for a sweep: the core settled it as not posted.
        assert.deepEqual(await h.rt.service.expireApprovals('teams'), [], setup);
        await h.surface.drain();
        assert.ok(!textsIn(h, PERSONAL).some((t) => t.startsWith(NOTICE)), setup);
        assert.ok(!(await read()).some((e) => e.type === 'approval_expired'), setup);
      },
      { now: () => Date.now() + offsetMs, approvalSweepMs: 25, audit, ...(setup === 'not configured' ? { approvalConversationId: null } : {}) },
    );
  }
});
