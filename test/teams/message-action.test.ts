import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, fixture, isPlanCard, withTeams } from './teams-harness.ts';

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

test('where the bot cannot post, the dialog says so and Okta is not called', async () => {
  await withTeams(async (h) => {
    h.connector.blockedConversations.add(THREAD);
    const response = await h.post(fixture('message-action-submit'));
    assert.equal(response.status, 200);
    assert.match((JSON.parse(response.body) as { task: { type: string; value: string } }).task.value, /cannot post in this conversation/);
    await h.surface.drain();
    assert.equal(h.rt.sim.calls.length, 0);
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
