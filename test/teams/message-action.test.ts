import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, fixture, isPlanCard, textOf, withTeams } from './teams-harness.ts';

// "… → More actions → Resend activation emails" on a channel message: a composeExtension/submitAction
// invoke whose messagePayload.body.content is the message's HTML (fixtures/teams/message-action-submit.json).


const THREAD = '19:abc123@thread.tacv2;messageid=1795389000000';

test('the message action answers the invoke at once and turns a placeholder in the thread into the plan', async () => {
  await withTeams(async (h) => {
    const invoke = fixture('message-action-submit');
    const response = await h.post(invoke);
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), {}, 'an empty response closes the dialog');

    const plan = await h.connector.waitFor(isPlanCard);
    assert.equal(plan.conversationId, THREAD, 'posted into the thread of the message it was used on');
    assert.equal(plan.replyToId, null, 'an invoke is not a message to reply to');
    assert.match(cardTexts(cardOf({ ...plan, activity: plan.versions[0]! }))[0] ?? '', /^Looking up the people named in Maria Boss's message/);
    const texts = cardTexts(cardOf(plan));
    assert.equal(texts[0], 'Resend activation emails to 2 users?');
    assert.ok(texts.includes(`alice.nguyen@${D}`) && texts.includes(`bob.li@${D}`));

    const planId = String((cardActions(cardOf(plan))[0]?.data as JsonObject).planId);
    await h.post(cardClick(plan.id, { action: 'confirm', planId }, undefined, invoke.conversation));
    const report = await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
    assert.equal(report.conversationId, THREAD);
    assert.deepEqual(h.rt.sim.outbox.map((mail) => mail.to).sort(), [`alice.nguyen@${D}`, `bob.li@${D}`]);
  });
});

test('the optional typed parameter adds people to those named in the message', async () => {
  await withTeams(async (h) => {
    const invoke = fixture('message-action-submit');
    const value = invoke.value as JsonObject;
    await h.post({ ...invoke, value: { ...value, data: { moreUsers: `dave.new@${D}` } } });
    const plan = await h.connector.waitFor(isPlanCard);
    const texts = cardTexts(cardOf(plan));
    assert.equal(texts[0], 'Resend activation emails to 3 users?');
    assert.ok(texts.includes(`dave.new@${D}`));
  });
});

test('where the bot cannot post, the dialog has closed already: the user is told in a personal chat, and Okta is not called', async () => {
  await withTeams(async (h) => {
    h.connector.blockedConversations.add(THREAD);
    const response = await h.post(fixture('message-action-submit'));
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), {}, 'answered before anything was posted');
    await h.surface.drain();
    const created = h.connector.calls.find((call) => call.kind === 'create');
    assert.ok(created, 'a personal chat was opened');
    assert.deepEqual((created.body?.members as JsonObject[] | undefined)?.map((m) => m.id), ['29:1abcDEF-user']);
    const told = h.connector.posted().find((m) => m.conversationId === created.conversationId);
    assert.match(told ? textOf(told) : '', /^I could not post the plan where you used/);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('the plan goes into the thread built from channelData.channel.id and the message it was used on', async () => {
  await withTeams(async (h) => {
    const invoke = fixture('message-action-submit');
    const value = invoke.value as JsonObject;
    // A client that sends the bare channel id, on a reply inside a thread (replyToId: the thread's root).
    const conversation = { ...(invoke.conversation as JsonObject), id: '19:abc123@thread.tacv2' };
    const messagePayload = { ...(value.messagePayload as JsonObject), id: '1795389000555', replyToId: '1795389000000' };
    await h.post({ ...invoke, conversation, value: { ...value, messagePayload } });
    const plan = await h.connector.waitFor(isPlanCard);
    assert.equal(plan.conversationId, THREAD);
  });
});

test('in a group chat (no threads) the plan goes into the chat itself', async () => {
  await withTeams(async (h) => {
    const invoke = fixture('message-action-submit');
    const chat = '19:groupchat0001@thread.v2';
    await h.post({ ...invoke, conversation: { id: chat, conversationType: 'groupChat', tenantId: (invoke.conversation as JsonObject).tenantId }, channelData: { tenant: (invoke.channelData as JsonObject).tenant } });
    const plan = await h.connector.waitFor(isPlanCard);
    assert.equal(plan.conversationId, chat);
  });
});

test('Teams retrying the same invoke gets one placeholder and one plan', async () => {
  await withTeams(async (h) => {
    const invoke = fixture('message-action-submit');
    const [first, retry] = [await h.post(invoke), await h.post(invoke)];
    assert.deepEqual([first.status, retry.status], [200, 200]);
    await h.connector.waitFor(isPlanCard);
    await h.surface.drain();
    assert.equal(h.connector.posted().length, 1, 'one placeholder, turned into one plan');
  });
});

test('a job that fails turns the "Looking up…" card into an error instead of leaving it', async () => {
  await withTeams(async (h) => {
    // The plan cannot replace the placeholder (Teams lost the message: 404).
    h.connector.faults.push((request) => (request.method === 'PUT' && JSON.stringify(request.body).includes('"confirm"') ? 404 : null));
    await h.post(fixture('message-action-submit'));
    await h.surface.drain();
    const [placeholder] = h.connector.posted();
    assert.ok(placeholder);
    assert.deepEqual(cardTexts(cardOf(placeholder)), ['Something went wrong on my side while looking those people up, and nothing was sent.', 'Try again in a minute.']);
    assert.equal(h.connector.posted().length, 1, 'no second message about it');
  });
});

test('a message with no one named in it becomes a card saying so', async () => {
  await withTeams(async (h) => {
    const invoke = fixture('message-action-submit');
    const value = invoke.value as JsonObject;
    const payload = value.messagePayload as JsonObject;
    await h.post({ ...invoke, value: { ...value, messagePayload: { ...payload, body: { contentType: 'html', content: '<p>Lunch at <b>noon</b>?</p>' } } } });
    await h.connector.waitUntil(() => (h.connector.posted()[0]?.versions.length ?? 0) === 2);
    assert.deepEqual(cardTexts(cardOf(h.connector.posted()[0]!)), ['No users named. Give emails, logins or Okta user ids.']);
    assert.equal(h.lifecycleCalls(), 0);
  });
});
