import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import type { JsonObject } from '../support/fake-bot-connector.ts';
import { cardActions, cardClick, cardOf, cardTexts, D, isPlanCard, personalMessage, startTeamsHarness, textOf } from './teams-harness.ts';

// More users than a card shows (25): the card says how many are hidden, and the full results follow
// as text, failures and skips first.

const HIRES: SimulatorSeedUser[] = Array.from({ length: 30 }, (_, i) => ({ login: `hire${String(i).padStart(2, '0')}@${D}`, status: 'PROVISIONED' as const }));

test('a bulk run: 30 emails, progress edited in place, the card lists 25 and the full list follows', async () => {
  const h = await startTeamsHarness({ users: [...HIRES, { login: `gone@${D}`, status: 'DEPROVISIONED' }] });
  try {
    await h.post(personalMessage([...HIRES.map((u) => u.login), `gone@${D}`, `ghost@${D}`].join('\n')));
    const plan = await h.connector.waitFor(isPlanCard, 15_000);
    assert.equal(cardTexts(cardOf(plan))[0], 'Resend activation emails to 30 users?');
    assert.ok(cardTexts(cardOf(plan)).includes('…and 7 more not shown here.'));

    const planId = String((cardActions(cardOf(plan))[0]?.data as JsonObject).planId);
    await h.post(cardClick(plan.id, { action: 'confirm', planId }));
    const report = await h.connector.waitFor((m) => cardTexts(cardOf(m))[0] === 'Done', 15_000);
    await h.surface.drain();
    assert.equal(h.rt.sim.outbox.length, 30);
    assert.ok(cardTexts(cardOf(report)).includes('…and 7 more: the full list follows.'));

    const full = h.connector.posted().filter((m) => textOf(m).startsWith('line '));
    const lines = full.flatMap((m) => textOf(m).split('\n\n'));
    assert.equal(lines.length, 32);
    assert.match(lines[0] ?? '', /^line \d+: (gone|ghost)@corp\.example — skipped/);
    assert.equal(lines.filter((line) => / — sent \(was PROVISIONED \(Pending user action\)\): /.test(line)).length, 30);

    const progress = h.connector.posted().find((m) => textOf(m).startsWith('Finished in'));
    assert.ok(progress && progress.versions.length >= 2, 'the progress message was edited in place');
    assert.match(textOf(progress), /30 sent · 2 skipped · 0 failed$/);
    // Edits of the progress message, the final one included, keep the harness's 50 ms pace.
    const edits = h.connector.calls.filter((c) => c.kind === 'update' && c.activityId === progress.id).map((c) => c.at);
    assert.ok(edits.length >= 2);
    for (let i = 1; i < edits.length; i++) assert.ok(edits[i]! - edits[i - 1]! >= 45, `progress edit ${i} came ${Math.round(edits[i]! - edits[i - 1]!)} ms after the previous one`);
  } finally {
    await h.close();
  }
});
