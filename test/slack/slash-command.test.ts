import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_CANCEL, ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import { CHANNEL, D, HELEN, GRACE, HANK, OSCAR, textOf, withSlack } from './slack-harness.ts';

test('a single resend: the ack is immediate, the plan is posted, Confirm sends exactly one email and the thread gets the results', async () => {
  await withSlack(async (h) => {
    const ack = await h.command(HELEN, `alice.nguyen@${D}`);
    assert.equal(ack.status, 200);
    assert.match(ack.body, /Looking them up in Okta/);
    assert.equal(h.lifecycleCalls(), 0, 'nothing is sent before Confirm');
    await h.settle();

    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan, 'a plan with a Confirm button was posted');
    assert.equal(plan.channel, CHANNEL);
    assert.match(textOf(plan), /Resend activation emails to 1 user/);
    assert.match(textOf(plan), /alice\.nguyen@corp\.example/);
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 0);

    await h.click(plan, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1, 'exactly one activation email');
    assert.equal(h.rt.sim.outbox[0]?.kind, 'activation');

    const thread = h.slack.thread(CHANNEL, plan.ts).filter((m) => m.ts !== plan.ts);
    assert.ok(thread.some((m) => /Finished in/.test(m.text)), 'the progress message ends with the summary');
    assert.ok(thread.some((m) => /1 sent · 0 skipped · 0 failed/.test(textOf(m))), 'the results are in the thread');
    assert.match(textOf(plan), /Done: 1 sent/, 'the plan message ends in its final state');
    assert.equal(plan.blocks.some((b) => b.type === 'actions'), false, 'no live buttons left');
  });
});

test('a list of emails, logins and a mailto link: one plan, each user gets the right email once, the ACTIVE user is skipped with a reason', async () => {
  await withSlack(async (h) => {
    await h.command(HELEN, `alice.nguyen@${D}, <mailto:bob.li@${D}|bob.li@${D}>\ncarol.active@${D};ALICE.NGUYEN@${D}`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    assert.match(textOf(plan), /2 emails to send/);
    assert.match(textOf(plan), /1 duplicate removed/);
    assert.match(textOf(plan), /carol\.active@corp\.example\*.*skip/);
    await h.click(plan, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
    assert.equal(h.emailsTo(`bob.li@${D}`), 1, 'STAGED: activate');
    assert.equal(h.emailsTo(`carol.active@${D}`), 0);
    assert.deepEqual(h.rt.sim.calls.filter((c) => c.path.includes('/lifecycle/')).map((c) => c.path.split('/lifecycle/')[1]).sort(), ['activate', 'reactivate']);
  });
});

test('help answers with usage and calls nothing; no text opens the paste modal', async () => {
  await withSlack(async (h) => {
    const help = await h.command(HELEN, 'help');
    assert.match(help.body, /Resend Okta activation emails/);
    const empty = await h.command(HELEN, '   ');
    assert.equal(empty.status, 200);
    await h.settle();
    const [open] = h.slack.callsTo('views.open');
    assert.ok(open, 'views.open was called');
    assert.equal(open.args.trigger_id, 'trigger-2');
    assert.equal(h.rt.sim.calls.length, 0, 'no Okta call');
  });
});

test('the paste modal: an empty submission is an error on the box; a list posts the plan in the channel the command came from', async () => {
  await withSlack(async (h) => {
    const submit = (value: string) =>
      h.interaction({
        type: 'view_submission',
        team: { id: 'T0001', domain: 'corp' },
        user: { id: HELEN.id, username: HELEN.name, name: HELEN.name, team_id: 'T0001' },
        api_app_id: 'A123456',
        token: 'legacy',
        trigger_id: 't-1',
        view: {
          id: 'V0001', type: 'modal', callback_id: 'resend_activation_paste', private_metadata: JSON.stringify({ channel: CHANNEL }),
          state: { values: { identifiers: { text: { type: 'plain_text_input', value } } } },
        },
      });
    const empty = await submit('  ');
    assert.equal(JSON.parse(empty.body).response_action, 'errors');
    const ok = await submit(`alice.nguyen@${D}\ndave.new@${D}`);
    assert.equal(ok.status, 200);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    assert.equal(plan.channel, CHANNEL);
    assert.match(textOf(plan), /2 emails to send/);
  });
});

test('someone who is not helpdesk and has no email is refused before any Okta call; a user-group member and an email entry are helpdesk', async () => {
  await withSlack(async (h) => {
    await h.command(OSCAR, `alice.nguyen@${D}`);
    await h.settle();
    const [response] = h.slack.callsTo('respond').filter((c) => /not helpdesk/.test(String(c.args.text)));
    assert.ok(response, 'the refusal says why');
    assert.equal(response.args.response_type, 'ephemeral');
    assert.equal(h.rt.sim.calls.length, 0, 'no Okta call');
    assert.equal(h.messagesWithButton(ACTION_CONFIRM).length, 0);

    await h.command(GRACE, `alice.nguyen@${D}`);
    await h.command(HANK, `bob.li@${D}`);
    await h.settle();
    assert.equal(h.messagesWithButton(ACTION_CONFIRM).length, 2, 'S… group membership (usergroups.users.list) and an email in HELPDESK_USERS both count');
  });
});

test('bad input gets a clear message and no Okta call', async () => {
  await withSlack(async (h) => {
    await h.command(HELEN, `bob@@${D}, @${D}`);
    await h.settle();
    await h.command(HELEN, `${'x'.repeat(300)}@${D}`);
    await h.settle();
    const [malformed, tooLong] = h.slack.callsTo('respond').map((c) => String(c.args.text));
    assert.match(malformed ?? '', /^:information_source: None of the entries is a login, email or Okta user id\.\n• line 1: bob@@corp\.example — /);
    assert.match(tooLong ?? '', /too long \(313 characters; the limit is 254\)/);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('Cancel: nothing is sent, the plan says who cancelled and has no buttons', async () => {
  await withSlack(async (h) => {
    await h.command(HELEN, `alice.nguyen@${D}`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    await h.click(plan, ACTION_CANCEL, HELEN);
    await h.settle();
    assert.match(textOf(plan), /Cancelled by helen/);
    assert.equal(plan.blocks.some((b) => b.type === 'actions'), false);
    assert.equal(h.lifecycleCalls(), 0);
  });
});
