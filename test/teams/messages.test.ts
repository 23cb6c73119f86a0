import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../support/fake-bot-connector.ts';
import {
  cardActions,
  cardClick,
  cardOf,
  cardTexts,
  D,
  fixture,
  HANK,
  HELEN,
  isPlanCard,
  OSCAR,
  personalMessage,
  withTeams,
  textOf,
} from './teams-harness.ts';


const planIdOf = (card: JsonObject | null): string => String((cardActions(card)[0]?.data as JsonObject).planId);

test('a single resend: plan card, confirm, one email, progress edited in place, results replied, card closed', async () => {
  await withTeams(async (h) => {
    const message = personalMessage(`resend activation alice.nguyen@${D}`);
    const response = await h.post(message);
    assert.equal(response.status, 200);
    const plan = await h.connector.waitFor(isPlanCard);
    const card = cardOf(plan);
    assert.equal(cardTexts(card)[0], 'Resend activation emails to 1 user?');
    assert.deepEqual(cardActions(card).map((a) => [a.type, (a.data as JsonObject | undefined)?.action ?? a.title]), [['Action.Submit', 'confirm'], ['Action.Submit', 'cancel'], ['Action.ShowCard', 'Schedule…']]);
    assert.equal(plan.replyToId, message.id, 'the card replies to the user message');
    assert.equal(h.lifecycleCalls(), 0, 'nothing is sent before confirming');

    await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(card) }));
    const report = await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
    await h.connector.waitUntil(() => cardTexts(cardOf(h.connector.message(plan.id)!)).some((t) => t.startsWith('Done:')));

    assert.deepEqual(h.rt.sim.outbox.map((mail) => [mail.to, mail.kind]), [[`alice.nguyen@${D}`, 'activation']]);
    assert.match(cardTexts(cardOf(report))[1] ?? '', /^1 sent · 0 skipped · 0 failed/);
    const finalCard = cardOf(h.connector.message(plan.id)!);
    assert.deepEqual(cardActions(finalCard), [], 'the final card has no buttons');
    assert.ok(cardTexts(finalCard).includes('Done: 1 sent · 0 skipped · 0 failed'));
    const versions = h.connector.message(plan.id)!.versions.map((v) => cardTexts(cardOf({ ...plan, activity: v })).at(-1));
    assert.equal(versions[1], 'Confirmed by Helen Help — running…');

    const progress = h.connector.posted().find((m) => textOf(m).startsWith('Working…') || m.versions.some((v) => String(v.text).startsWith('Working…')));
    assert.ok(progress, 'a progress message was posted');
    assert.match(textOf(progress), /^Finished in [\d.]+ s: 1 sent · 0 skipped · 0 failed$/);
    // Unauthenticated local mode: no token was fetched, so nothing carried one.
    assert.ok(h.connector.calls.every((call) => call.authorization === null));
    // No link can leak: every lifecycle call asked Okta to email, and nothing link-like was posted.
    const lifecycle = h.rt.sim.calls.filter((call) => call.path.includes('/lifecycle/'));
    assert.ok(lifecycle.length === 1 && lifecycle.every((call) => call.query.sendEmail === 'true'));
    for (const call of h.connector.calls) assert.doesNotMatch(JSON.stringify(call.body ?? {}), /activationUrl|activationToken|resetPasswordUrl|\/welcome\//);
  });
});

test('a list: one plan for everyone, and after confirming each user gets the right email once', async () => {
  await withTeams(async (h) => {
    await h.post(personalMessage(`resend alice.nguyen@${D}, bob.li@${D}; carol.active@${D}`));
    const plan = await h.connector.waitFor(isPlanCard);
    const texts = cardTexts(cardOf(plan));
    assert.equal(texts[0], 'Resend activation emails to 2 users?');
    for (const who of ['alice.nguyen', 'bob.li', 'carol.active']) assert.ok(texts.includes(`${who}@${D}`), who);

    await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(cardOf(plan)) }));
    const report = await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
    assert.deepEqual(h.rt.sim.outbox.map((mail) => mail.to).sort(), [`alice.nguyen@${D}`, `bob.li@${D}`]);
    // Skips before sends: what needs attention leads.
    const reportTexts = cardTexts(cardOf(report));
    assert.ok(reportTexts.indexOf(`carol.active@${D}`) < reportTexts.indexOf(`alice.nguyen@${D}`));
  });
});

test('help, or a message with only the command word, answers with usage and calls nothing', async () => {
  await withTeams(async (h) => {
    await h.post(personalMessage('help'));
    await h.post(personalMessage('resend activation'));
    await h.connector.waitUntil(() => h.connector.posted().length === 2);
    for (const message of h.connector.posted()) assert.match(textOf(message), /^Resend Okta activation emails/);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('someone who is not helpdesk (and has no email in the roster) is refused before any Okta call', async () => {
  await withTeams(async (h) => {
    await h.post(personalMessage(`resend activation alice.nguyen@${D}`, OSCAR));
    const reply = await h.connector.waitFor((m) => textOf(m) !== '');
    assert.match(textOf(reply), /You are not helpdesk/);
    assert.equal(h.lifecycleCalls(), 0);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('markup in the input and in a display name is shown escaped, never rendered', async () => {
  await withTeams(async (h) => {
    const marked = { ...HELEN, name: 'Helen **bold** <b>x</b> [link](http://x)' };
    await h.post(personalMessage(`**bold** <b>x</b> [link](http://x) alice.nguyen@${D}`, marked));
    const plan = await h.connector.waitFor(isPlanCard);
    const sent = JSON.stringify(cardOf(plan));
    assert.ok(cardTexts(cardOf(plan)).some((t) => t.includes('\\[link\\](http:\u2060//x)')), sent);
    assert.ok(!cardTexts(cardOf(plan)).some((t) => /(^|[^\\])\[link/.test(t)), 'no unescaped link markup');

    // Text replies are Markdown too: the requester's name in "not your request" is escaped.
    await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(cardOf(plan)) }, HANK));
    const notYours = await h.connector.waitFor((m) => textOf(m) !== '');
    assert.equal(textOf(notYours), 'This is not your request: only Helen \\*\\*bold\\*\\* <\u2060b>x<\u2060/b> \\[link\\](http:\u2060//x) can confirm it.');
    assert.equal(notYours.activity.textFormat, 'markdown');

    await h.post(cardClick(plan.id, { action: 'confirm', planId: planIdOf(cardOf(plan)) }, marked));
    await h.connector.waitUntil(() => (h.connector.message(plan.id)?.versions.length ?? 0) >= 2);
    const running = cardTexts(cardOf({ ...plan, activity: h.connector.message(plan.id)!.versions[1]! }));
    assert.ok(running.includes('Confirmed by Helen \\*\\*bold\\*\\* <\u2060b>x<\u2060/b> \\[link\\](http:\u2060//x) — running…'), running.join('\n'));
    await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done');
  });
});

test('in a channel the bot answers only when mentioned, in the same thread, without the mention', async () => {
  await withTeams(async (h) => {
    const channel = fixture('message-action-submit');
    const conversation = channel.conversation as JsonObject;
    const base = { type: 'message', channelId: 'msteams', from: HELEN, recipient: channel.recipient, conversation, channelData: channel.channelData };
    await h.post({ ...base, id: '1795389000001', text: `resend activation carol.active@${D}` });
    await h.post({
      ...base,
      id: '1795389000002',
      text: `<at>resend-activation</at> resend activation bob.li@${D}`,
      entities: [{ type: 'mention', text: '<at>resend-activation</at>', mentioned: { id: '28:00000000-bot-app-id', name: 'resend-activation' } }],
    });
    const plan = await h.connector.waitFor(isPlanCard);
    assert.equal(plan.conversationId, '19:abc123@thread.tacv2;messageid=1795389000000');
    assert.equal(plan.replyToId, '1795389000002');
    assert.ok(cardTexts(cardOf(plan)).includes(`bob.li@${D}`));
    assert.ok(!cardTexts(cardOf(plan)).some((t) => t.includes('carol')), 'the unmentioned message was ignored');
    // The roster lookup went to the team (channelData.team.id), as TeamsInfo does.
    assert.ok(h.connector.calls.some((call) => call.kind === 'member' && call.conversationId === '19:team@thread.tacv2'));
    assert.equal(h.connector.posted().length, 1);
  });
});

test('in a group chat the bot answers when mentioned, and the mention is not looked up', async () => {
  await withTeams(async (h) => {
    const personal = fixture('message-personal');
    const conversation = { id: '19:groupchat-1@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: (personal.conversation as JsonObject).tenantId };
    const base = { type: 'message', channelId: 'msteams', from: HELEN, recipient: personal.recipient, conversation, channelData: { tenant: (personal.channelData as JsonObject).tenant } };
    await h.post({ ...base, id: '1795389100001', text: `resend activation carol.active@${D}` });
    await h.post({
      ...base,
      id: '1795389100002',
      text: `<at>resend-activation</at> resend activation bob.li@${D}`,
      entities: [{ type: 'mention', text: '<at>resend-activation</at>', mentioned: { id: (personal.recipient as JsonObject).id, name: 'resend-activation' } }],
    });
    const plan = await h.connector.waitFor(isPlanCard);
    assert.equal(plan.conversationId, '19:groupchat-1@thread.v2');
    const texts = cardTexts(cardOf(plan));
    assert.ok(texts.includes(`bob.li@${D}`));
    assert.ok(!texts.some((t) => /carol|resend-activation|not understood/i.test(t)), texts.join('\n'));
    assert.equal(h.connector.posted().length, 1, 'the unmentioned message got no answer');
  });
});

test('installed in a personal chat, the bot introduces itself', async () => {
  await withTeams(async (h) => {
    const chat = fixture('message-personal');
    await h.post({ type: 'conversationUpdate', id: 'u1', channelId: 'msteams', from: HELEN, recipient: chat.recipient, conversation: chat.conversation, membersAdded: [chat.recipient] });
    const hello = await h.connector.waitFor((m) => textOf(m) !== '');
    assert.match(textOf(hello), /^Resend Okta activation emails/);
    assert.equal(hello.conversationId, 'a:1xYzPersonalConversation');
  });
});
