import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_CONFIRM } from '../../src/slack/blocks/plan-blocks.ts';
import { D, HELEN, textOf, withSlack } from './slack-harness.ts';

// Bidirectional overrides (U+202E: "Trojan Source") and control characters (a bell, U+0007) in
// what people paste or upload are echoed back in plans and "not understood" rows: they must not
// reach Slack, in mrkdwn or in plain_text.

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\\u00(0[0-8]|0b|0c|0e|0f|1[0-9a-f]|7f)/i;
const DM = 'D0BOTDM01';

test('a pasted identifier with U+202E and a bell is echoed in the plan without them', async () => {
  await withSlack(async (h) => {
    await h.command(HELEN, `alice.nguyen@${D}, ghost\u202Egpj.exe\u0007@${D}, not\u2066 an\u0007 email`);
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan);
    assert.match(textOf(plan), /ghostgpj\.exe@corp\.example/, 'the unknown identifier is still shown, minus the controls');
    assert.doesNotMatch(h.slack.everythingSaid(), UNSAFE);
  });
});

test('a CSV row with bidirectional controls is echoed in the plan and the rejected rows without them', async () => {
  await withSlack(async (h) => {
    // No bell here: a file with C0 controls is refused as not text before it is planned.
    const csv = `Login\r\nalice.nguyen@${D}\r\nghost\u202Egpj.exe\u200F@${D}\r\nbroken\u2066 row\u202E here\r\n`;
    h.slack.files.set('hires.csv', new TextEncoder().encode(csv));
    await h.event({
      type: 'message', subtype: 'file_share', channel: DM, channel_type: 'im', user: HELEN.id, ts: '1795389500.000300', text: 'hires',
      files: [{ id: 'F-hires', name: 'hires.csv', title: 'hires.csv', mimetype: 'text/csv', filetype: 'csv', size: Buffer.byteLength(csv), url_private: h.slack.fileViewUrl('hires.csv'), url_private_download: h.slack.fileUrl('hires.csv') }],
    });
    await h.settle();
    const [plan] = h.messagesWithButton(ACTION_CONFIRM);
    assert.ok(plan, h.slack.everythingSaid());
    assert.match(textOf(plan), /ghostgpj\.exe@corp\.example/);
    assert.match(textOf(plan), /line 4: broken row here/);
    assert.doesNotMatch(h.slack.everythingSaid(), UNSAFE);
  });
});
