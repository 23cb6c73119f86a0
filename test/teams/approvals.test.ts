import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approvalConversationIdOf } from '../../src/teams/approval-desk.ts';
import { requesterIdentity } from '../../src/teams/cards/approval-card.ts';
import type { JsonObject } from '../support/fake-bot-connector.ts';
import {
  ADA,
  cardActions,
  cardClick,
  cardOf,
  cardTexts,
  channelCardClick,
  D,
  HANK,
  isPlanCard,
  MARIA,
  personalMessage,
  ROOT,
  textOf,
} from './teams-harness.ts';
import { APPROVALS, approvalCard, approvalIdOf, inApprovals, lastText, mailed, mariaConfirms, PERSONAL, planIdOf, textsIn, withHarness } from './approval-helpers.ts';

// Issue #5 through Teams: managers resend for their own hires; the rest waits for an approver, who
// decides on a card in the approval channel (APPROVAL_TEAMS_CHANNEL); the requester hears back in
// their own conversation. Asserted on what reached the fake Bot Connector and the simulator outbox.

test('a manager (no role) resends directly for her own hires: emails at once, nothing for approvers', async () => {
  await withHarness(async (h) => {
    const plan = await mariaConfirms(h, ['mine.byid', 'mine.byname']);
    assert.equal(cardTexts(cardOf({ ...plan, activity: plan.versions[0]! }))[0], 'Resend activation emails to 2 users?');
    await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
    assert.deepEqual(mailed(h), [`mine.byid@${D}`, `mine.byname@${D}`]);
    assert.equal(lastText(plan), 'Done: 2 sent · 0 skipped · 0 failed');
    assert.equal(h.connector.posted().filter(inApprovals).length, 0, 'no approval card');
    assert.equal(h.connector.calls.filter((c) => c.conversationId === APPROVALS).length, 0);
  });
});

test('a manager asking for someone else: her own hire is sent, the other waits for an approver in the approval channel', async () => {
  await withHarness(async (h) => {
    await h.post(personalMessage(`resend activation mine.byid@${D} other.hire@${D}`, MARIA));
    const plan = await h.connector.waitFor(isPlanCard);
    const planTexts = cardTexts(cardOf(plan));
    // Her own hire in full; of the other, nothing Okta holds (status, login): only that it needs an approver.
    assert.ok(planTexts.some((t) => t.includes('PROVISIONED (Pending user action): will reactivate')), planTexts.join('\n'));
    assert.ok(planTexts.some((t) => t === 'not your direct report: needs an approver'), planTexts.join('\n'));
    assert.ok(!planTexts.some((t) => t.includes('then will reactivate')), planTexts.join('\n'));
    assert.equal(cardActions(cardOf(plan))[0]?.title, 'Send 1 email, ask approval for 1');

    await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(plan) }, MARIA));
    const card = await approvalCard(h);
    await h.connector.waitUntil(() => lastText(h.connector.message(plan.id)).startsWith('Done'));
    await h.surface.drain();

    // The approval card: a new post in the approval channel, sent proactively with the requester's serviceUrl.
    assert.equal(card.replyToId, null);
    const send = h.connector.calls.find((c) => c.kind === 'send' && c.conversationId === APPROVALS);
    assert.ok(send, 'POST /v3/conversations/<approval channel>/activities reached the connector');
    assert.equal(((send.body?.conversation ?? {}) as JsonObject).tenantId, '72f988bf-0000-0000-0000-2d7cd011db47');
    const texts = cardTexts(cardOf(card));
    assert.equal(texts[0], 'Maria Boss asks to resend activation emails to 1 user who are not their direct reports');
    // The display name is editable; the roster email next to it is not.
    assert.equal(texts[1], `Requester: maria.boss@${D} (shown in Teams as Maria Boss)`);
    assert.ok(texts.includes(`other.hire@${D}`));
    assert.ok(texts.some((t) => t.includes('manager in Okta: someone.else@corp.example')), texts.join('\n'));
    assert.ok(!texts.some((t) => t.includes('mine.byid')), 'her own hire is not asked about');
    assert.match(texts.at(-1) ?? '', /Open until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
    assert.deepEqual(cardActions(cardOf(card)).map((a) => [a.title, (a.data as JsonObject).action]), [['Approve', 'approve'], ['Deny', 'deny']]);

    // The requester is told, in her thread; only her own hire was emailed.
    assert.ok(textsIn(h, PERSONAL).includes('1 user needs an approver (not your direct report): I asked the approvers, and you will hear back in this conversation.'));
    assert.deepEqual(mailed(h), [`mine.byid@${D}`]);
    assert.equal(lastText(h.connector.message(plan.id)), 'Done: 1 sent · 1 skipped · 0 failed');

    // An approver approves: exactly one more email, the card closes, Maria hears back.
    await h.post(channelCardClick(APPROVALS, card.id, { action: 'approve', approvalId: approvalIdOf(card) }, ADA));
    await h.connector.waitUntil(() => lastText(h.connector.message(card.id)).startsWith('Approved by Ada Approver — done'));
    await h.surface.drain();
    assert.deepEqual(mailed(h), [`mine.byid@${D}`, `other.hire@${D}`]);
    assert.equal(h.rt.sim.outbox.filter((mail) => mail.to === `other.hire@${D}`).length, 1);
    const closed = h.connector.message(card.id)!;
    assert.equal(lastText(closed), 'Approved by Ada Approver — done: 1 sent · 0 skipped · 0 failed');
    assert.deepEqual(cardActions(cardOf(closed)), [], 'no buttons once decided');
    assert.equal(lastText({ ...closed, activity: closed.versions[1]! }), 'Approved by Ada Approver — sending…');

    // Progress and the report in the approval card's thread; the outcome in Maria's conversation.
    const report = h.connector.posted().find((m) => m.conversationId === `${APPROVALS};messageid=${card.id}` && cardTexts(cardOf(m))[0] === 'Done');
    assert.ok(report, 'the report is in the approval thread');
    assert.ok(textsIn(h, APPROVALS).some((t) => /^Finished in [\d.]+ s: 1 sent · 0 skipped · 0 failed$/.test(t)));
    assert.ok(textsIn(h, PERSONAL).includes('Ada Approver approved your request for 1 user: 1 sent · 0 not sent.'));
    const toMaria = h.connector.posted().filter((m) => m.conversationId === PERSONAL && cardTexts(cardOf(m))[0] === 'Done');
    assert.equal(toMaria.length, 2, 'her own run and the approved run each reported in her conversation');
    assert.ok(cardTexts(cardOf(toMaria[1]!)).includes(`other.hire@${D}`));
  });
});

test('only the requested users wait: a request for someone else alone sends nothing until approved', async () => {
  await withHarness(async (h) => {
    const plan = await mariaConfirms(h, ['other.hire']);
    assert.equal(lastText(plan), 'Confirmed by Maria Boss — waiting for an approver.');
    assert.deepEqual(cardActions(cardOf(plan)), []);
    await approvalCard(h);
    await h.surface.drain();
    assert.equal(h.lifecycleCalls(), 0);
    assert.deepEqual(h.rt.sim.outbox, []);
    assert.ok(!h.connector.posted().some((m) => cardTexts(cardOf(m))[0] === 'Done'), 'no empty report');
  });
});

test('a non-approver and the requester pressing Approve are refused, and nothing is sent', async () => {
  await withHarness(async (h) => {
    await mariaConfirms(h, ['other.hire']);
    const card = await approvalCard(h);
    const value = { action: 'approve', approvalId: approvalIdOf(card) };
    // Helpdesk is not an approver once APPROVER_USERS is set; Maria is no approver at all.
    await h.post(channelCardClick(APPROVALS, card.id, value, HANK));
    await h.connector.waitUntil(() => textsIn(h, APPROVALS).length === 1);
    await h.post(channelCardClick(APPROVALS, card.id, value, MARIA));
    await h.connector.waitUntil(() => textsIn(h, APPROVALS).length === 2);
    await h.surface.drain();
    assert.deepEqual(textsIn(h, APPROVALS), ['Only approvers can approve or deny resend requests.', 'Only approvers can approve or deny resend requests.']);
    assert.equal(h.connector.message(card.id)?.versions.length, 1, 'the card stays open for the approvers');
    assert.equal(h.lifecycleCalls(), 0);
    assert.deepEqual(h.rt.sim.outbox, []);
  });
});

test('an approver cannot approve their own request', async () => {
  await withHarness(async (h) => {
    await h.post(personalMessage(`resend activation other.hire@${D}`, ADA));
    const plan = await h.connector.waitFor(isPlanCard);
    await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(plan) }, ADA));
    const card = await approvalCard(h);
    assert.match(cardTexts(cardOf(card))[0] ?? '', /^Ada Approver asks to resend/);
    await h.post(channelCardClick(APPROVALS, card.id, { action: 'approve', approvalId: approvalIdOf(card) }, ADA));
    await h.connector.waitUntil(() => textsIn(h, APPROVALS).length === 1);
    await h.surface.drain();
    assert.deepEqual(textsIn(h, APPROVALS), ['You cannot approve your own request.']);
    assert.equal(h.connector.message(card.id)?.versions.length, 1);
    assert.deepEqual(h.rt.sim.outbox, []);
  });
});

test('Deny: the card closes, the requester is told, and no email goes out', async () => {
  await withHarness(async (h) => {
    await mariaConfirms(h, ['other.hire']);
    const card = await approvalCard(h);
    await h.post(channelCardClick(APPROVALS, card.id, { action: 'deny', approvalId: approvalIdOf(card) }, ADA));
    await h.connector.waitUntil(() => textsIn(h, PERSONAL).some((t) => t.startsWith('Ada Approver denied')));
    await h.surface.drain();
    const closed = h.connector.message(card.id)!;
    assert.equal(lastText(closed), 'Denied by Ada Approver — nothing was sent.');
    assert.deepEqual(cardActions(cardOf(closed)), []);
    const told = textsIn(h, PERSONAL).find((t) => t.startsWith('Ada Approver denied'));
    assert.equal(told, `Ada Approver denied your request to resend activation emails to 1 user: nothing was sent to them.\n\nother.hire@${D}`);
    assert.equal(h.lifecycleCalls(), 0);
    assert.deepEqual(h.rt.sim.outbox, []);

    // A later Approve does nothing more.
    await h.post(channelCardClick(APPROVALS, card.id, { action: 'approve', approvalId: approvalIdOf(card) }, ROOT));
    await h.connector.waitUntil(() => textsIn(h, APPROVALS).includes('Already denied by Ada Approver.'));
    await h.surface.drain();
    assert.deepEqual(h.rt.sim.outbox, []);
  });
});

test('a double Approve (two approvers at once) sends one email and reports once', async () => {
  await withHarness(async (h) => {
    await mariaConfirms(h, ['other.hire']);
    const card = await approvalCard(h);
    const value = { action: 'approve', approvalId: approvalIdOf(card) };
    const responses = await Promise.all([
      h.post(channelCardClick(APPROVALS, card.id, value, ADA)),
      h.post(channelCardClick(APPROVALS, card.id, value, ROOT)),
      h.post(channelCardClick(APPROVALS, card.id, value, ADA)),
    ]);
    assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
    await h.connector.waitUntil(() => lastText(h.connector.message(card.id)).includes('— done'));
    await h.surface.drain();
    assert.deepEqual(mailed(h), [`other.hire@${D}`]);
    assert.equal(h.lifecycleCalls(), 1);
    assert.equal(textsIn(h, APPROVALS).filter((t) => /^Already approved by (Ada Approver|Root Admin)\.$/.test(t)).length, 2);
    assert.equal(textsIn(h, PERSONAL).filter((t) => t.includes('approved your request')).length, 1);
  });
});

test('an expired approval request sends nothing: the approver is told and the card is closed', async () => {
  let offsetMs = 0;
  await withHarness(
    async (h) => {
      await mariaConfirms(h, ['other.hire']);
      const card = await approvalCard(h);
      offsetMs = 25 * 60 * 60_000;
      await h.post(channelCardClick(APPROVALS, card.id, { action: 'approve', approvalId: approvalIdOf(card) }, ADA));
      await h.connector.waitUntil(() => textsIn(h, APPROVALS).length > 0);
      await h.surface.drain();
      assert.deepEqual(textsIn(h, APPROVALS), ['This approval request expired. The requester can ask again.']);
      const closed = h.connector.posted().find((message) => message.id === card.id);
      assert.ok(closed);
      assert.deepEqual(cardActions(cardOf(closed)), [], 'the card lost its buttons');
      assert.match(cardTexts(cardOf(closed)).join('\n'), /Expired without a decision/);
      // The click found the expiry first, so it (not the sweep) tells the requester, once.
      assert.equal(h.connector.posted().filter((m) => textOf(m).startsWith('Nobody approved your request in time')).length, 1);
      assert.equal(h.lifecycleCalls(), 0);
      assert.deepEqual(h.rt.sim.outbox, []);
    },
    { now: () => Date.now() + offsetMs },
  );
});

test('without APPROVAL_TEAMS_CHANNEL the requester is told plainly, and those users are not sent', async () => {
  await withHarness(
    async (h) => {
      const plan = await mariaConfirms(h, ['mine.byid', 'other.hire']);
      await h.surface.drain();
      assert.ok(
        textsIn(h, PERSONAL).includes('1 user needs an approver (not your direct report), but approvals are not configured for Teams, so that email was not sent. Ask your helpdesk to send it.'),
        textsIn(h, PERSONAL).join('\n'),
      );
      assert.deepEqual(mailed(h), [`mine.byid@${D}`], 'only her own hire');
      assert.equal(lastText(plan), 'Done: 1 sent · 1 skipped · 0 failed');
      assert.ok(h.connector.calls.every((c) => c.conversationId === null || c.conversationId.startsWith(PERSONAL) || c.kind === 'member'));
    },
    { approvalConversationId: null },
  );
});

test('when the bot cannot post in the approval channel, the requester is told nothing was sent for those users', async () => {
  await withHarness(async (h) => {
    h.connector.blockedConversations.add(APPROVALS);
    const plan = await mariaConfirms(h, ['other.hire']);
    await h.surface.drain();
    assert.ok(textsIn(h, PERSONAL).includes('1 user needs an approver (not your direct report), but I could not post the request to the approvers, so that email was not sent. Ask your helpdesk to send it.'));
    assert.equal(lastText(plan), 'Confirmed by Maria Boss — nothing was sent: no approver could be asked.');
    assert.deepEqual(h.rt.sim.outbox, []);
  });
});

test('the approval channel may be given as the "Get link to channel" URL', async () => {
  const link = `https://teams.microsoft.com/l/channel/${encodeURIComponent(APPROVALS)}/Approvals?groupId=0000&tenantId=72f988bf`;
  await withHarness(
    async (h) => {
      await mariaConfirms(h, ['other.hire']);
      const card = await approvalCard(h);
      assert.equal(card.conversationId, APPROVALS);
    },
    { approvalConversationId: link },
  );
});

test('markup in the requester\'s name is shown escaped on the approval card', async () => {
  await withHarness(async (h) => {
    const marked = { ...MARIA, name: 'Maria **Boss** [x](http://x)' };
    await h.post(personalMessage(`resend activation other.hire@${D}`, marked));
    const plan = await h.connector.waitFor(isPlanCard);
    await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(plan) }, marked));
    const card = await approvalCard(h);
    assert.equal(cardTexts(cardOf(card))[0], 'Maria \\*\\*Boss\\*\\* \\[x\\](http:\u2060//x) asks to resend activation emails to 1 user who are not their direct reports');
    assert.equal(cardTexts(cardOf(card))[1], `Requester: maria.boss@${D} (shown in Teams as Maria \\*\\*Boss\\*\\* \\[x\\](http:\u2060//x))`);
    await h.post(channelCardClick(APPROVALS, card.id, { action: 'deny', approvalId: approvalIdOf(card) }, { ...ADA, name: 'Ada <at>all</at>' }));
    await h.connector.waitUntil(() => lastText(h.connector.message(card.id)).startsWith('Denied'));
    assert.equal(lastText(h.connector.message(card.id)), 'Denied by Ada <\u2060at>all<\u2060/at> — nothing was sent.');
  });
});

test('without a roster email the approval card names the requester by their Entra object id', () => {
  const requester = { surface: 'teams' as const, userId: MARIA.aadObjectId, email: null, displayName: 'Maria Boss', groupIds: [] };
  assert.equal(requesterIdentity(requester), `Requester: Entra object id ${MARIA.aadObjectId} (shown in Teams as Maria Boss)`);
});

test('APPROVAL_TEAMS_CHANNEL is read as an id, an encoded id or a channel link', () => {
  assert.equal(approvalConversationIdOf(APPROVALS), APPROVALS);
  assert.equal(approvalConversationIdOf(` ${encodeURIComponent(APPROVALS)} `), APPROVALS);
  assert.equal(approvalConversationIdOf(`https://teams.microsoft.com/l/channel/${encodeURIComponent(APPROVALS)}/General?groupId=g`), APPROVALS);
  assert.equal(approvalConversationIdOf(''), null);
  assert.equal(approvalConversationIdOf(null), null);
});

test('the approval card cannot be updated at Approve (429): the email still goes out once and the requester hears back', async () => {
  await withHarness(async (h) => {
    await mariaConfirms(h, ['other.hire']);
    const card = await approvalCard(h);
    h.connector.faults.push((request) => (request.method === 'PUT' && request.conversationId.startsWith(APPROVALS) ? 429 : null));
    await h.post(channelCardClick(APPROVALS, card.id, { action: 'approve', approvalId: approvalIdOf(card) }, ADA));
    await h.connector.waitUntil(() => textsIn(h, PERSONAL).some((t) => t.startsWith('Ada Approver approved your request')));
    await h.surface.drain();
    assert.deepEqual(mailed(h), [`other.hire@${D}`]);
    assert.equal(h.connector.message(card.id)?.versions.length, 1, 'the card could not change');

    // The approval is used up: a second click sends nothing more.
    await h.post(channelCardClick(APPROVALS, card.id, { action: 'approve', approvalId: approvalIdOf(card) }, ADA));
    await h.surface.drain();
    assert.deepEqual(mailed(h), [`other.hire@${D}`]);
  });
});
