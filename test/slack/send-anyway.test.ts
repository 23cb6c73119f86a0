import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import { ACTION_SEND_ANYWAY } from '../../src/slack/blocks/report-blocks.ts';
import { D, HELEN, HANK, textOf, withSlack } from './slack-harness.ts';

// A lifecycle call that times out is in doubt: reported as such, never retried by itself, and
// offered "send anyway" — a new plan of just those users, confirmed after a warning.

test('a timed-out call is reported in doubt with "send anyway"; pressing it plans that user (forced, with a warning); confirming sends once more', async () => {
  await withSlack(async (h) => {
    const dave = h.rt.sim.getUser(`dave.new@${D}`)!;
    const removeHang = h.rt.sim.addFault({ kind: 'hang', times: 1, match: { method: 'POST', when: (request) => request.path.includes(dave.id) } });
    await h.command(HELEN, `alice.nguyen@${D} dave.new@${D}`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    await h.click(plan!, ACTION_CONFIRM, HELEN);
    await h.settle();
    removeHang();
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
    assert.equal(h.emailsTo(`dave.new@${D}`), 0, 'the hung call sent nothing, and was not retried');
    const [report] = h.messagesWithButton(ACTION_SEND_ANYWAY);
    assert.ok(report, 'the report offers "send anyway"');
    assert.match(textOf(report!), /In doubt — not retried, to avoid a second email/);
    assert.match(textOf(report!), /Send anyway to 1 in doubt/);

    // The requester (or helpdesk) may press it.
    await h.click(report!, ACTION_SEND_ANYWAY, HELEN);
    await h.settle();
    const plans = h.messagesWithButton(ACTION_CONFIRM);
    const forced = plans[plans.length - 1]!;
    assert.notEqual(forced.ts, plan!.ts, 'a new plan in the thread');
    assert.match(textOf(forced), /may already have gone out/);
    assert.match(textOf(forced), /dave\.new@corp\.example/);
    assert.doesNotMatch(textOf(forced), /alice\.nguyen/, 'only the user in doubt');
    // A second press does not make a second plan.
    await h.click(report!, ACTION_SEND_ANYWAY, HANK);
    await h.settle();
    assert.equal(h.messagesWithButton(ACTION_CONFIRM).length, plans.length);

    await h.click(forced, ACTION_CONFIRM, HELEN);
    await h.settle();
    assert.equal(h.emailsTo(`dave.new@${D}`), 1, 'sent anyway, inside the suppression window the doubt left');
    assert.equal(h.emailsTo(`alice.nguyen@${D}`), 1);
  }, { oktaLimits: { timeoutSeconds: 0.5 } });
});
