import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNEL, HELEN, sign, withSlack } from './slack-harness.ts';

// What reaches Bolt: signed, within five minutes of now either way, and a JSON object.

const FORM = 'application/x-www-form-urlencoded';

test('a signed interactivity request whose payload is not a JSON object is 400, not 500, and does nothing', async () => {
  await withSlack(async (h) => {
    for (const payload of ['null', '1', '"text"', '[]', 'true', 'not json', '']) {
      const response = await h.postRaw(`payload=${encodeURIComponent(payload)}`, FORM);
      assert.equal(response.status, 400, `payload=${payload}`);
      assert.ok(response.ms < 2_000, `payload=${payload}: answered at once, not after Bolt's unhandled-request timeout`);
    }
    for (const body of ['null', '[]', '42']) assert.equal((await h.postRaw(body, 'application/json')).status, 400, `JSON body ${body}`);
    await h.settle();
    assert.equal(h.slack.calls.length, 0);
    assert.equal(h.rt.sim.calls.length, 0);
  });
});

test('an unsigned malformed request is still 401: authentication comes before parsing', async () => {
  await withSlack(async (h) => {
    assert.equal((await h.postRaw('payload=null', FORM, { signature: null })).status, 401);
    assert.equal((await h.postRaw('payload=null', FORM, { signature: sign('payload=null', Math.floor(Date.now() / 1000), 'wrong-secret') })).status, 401);
  });
});

test('a correctly signed request stamped more than five minutes in the future is 401, like a stale one; within five minutes it is accepted', async () => {
  await withSlack(async (h) => {
    const body = new URLSearchParams({ command: '/resend-activation', text: 'help', user_id: HELEN.id, user_name: HELEN.name, channel_id: CHANNEL, team_id: 'T0001', response_url: h.slack.responseUrl('future'), trigger_id: 't' }).toString();
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await h.postRaw(body, FORM, { timestamp: now + 6 * 60 })).status, 401, 'six minutes ahead');
    assert.equal((await h.postRaw(body, FORM, { timestamp: now + 24 * 3600 })).status, 401, 'a day ahead');
    assert.equal((await h.postRaw(body, FORM, { timestamp: now - 6 * 60 })).status, 401, 'six minutes old');
    await h.settle();
    assert.equal(h.slack.calls.length, 0, 'none of them reached a handler');
    const accepted = await h.postRaw(body, FORM, { timestamp: now + 4 * 60 });
    assert.equal(accepted.status, 200, 'four minutes ahead: within Slack\'s window');
    assert.match(accepted.body, /resend-activation/, 'and handled: the help text is the ack');
  });
});
