import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D, isPlanCard, personalMessage, withTeams } from './teams-harness.ts';

// Bidirectional overrides (U+202E: "Trojan Source") and control characters (a bell, U+0007) in a
// pasted identifier are echoed back in the plan card: they must not reach the Bot Connector.

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\\u00(0[0-8]|0b|0c|0e|0f|1[0-9a-f]|7f)/i;

test('a pasted identifier with U+202E and a bell is echoed in the plan card without them', async () => {
  await withTeams(async (h) => {
    await h.post(personalMessage(`resend activation alice.nguyen@${D} ghost\u202Egpj.exe\u0007@${D} x\u2066y\u200F@${D}`));
    const plan = await h.connector.waitFor(isPlanCard);
    await h.surface.drain();
    const said = h.connector.posted().flatMap((m) => m.versions.map((v) => JSON.stringify(v))).join('\n');
    assert.match(JSON.stringify(plan.activity), /alice\.nguyen@corp\.example/);
    assert.match(said, /gpj\.exe/, 'the unknown identifier is still shown, minus the controls');
    assert.doesNotMatch(said, UNSAFE);
  });
});
