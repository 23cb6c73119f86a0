import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonlAuditSink } from '../../src/audit/jsonl-audit-sink.ts';
import type { Requester } from '../../src/core/requester.ts';
import type { PrepareOutcome } from '../../src/core/resend-service.ts';
import type { Plan } from '../../src/core/plan.ts';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { planToCsv, reportToCsv } from '../../src/core/views/csv-export.ts';
import { RESTRICTED_SKIP } from '../../src/core/views/labels.ts';
import { describePlan } from '../../src/core/views/plan-view.ts';
import { describeReport } from '../../src/core/views/report-view.ts';
import { startSimulatedRuntime, type SimulatedRuntime } from '../support/okta-runtime.ts';

// Issue #5 rules through the real core and gateway against the simulator.

const D = 'corp.example';
const person = (userId: string, email: string | null, name = userId): Requester => ({ surface: 'slack', userId, email, displayName: name, groupIds: [] });
const helpdesk = person('U0HELP', `helen@${D}`, 'helen');
const approver = person('U0APPROVER', `ada@${D}`, 'ada');
const admin = person('U0ADMIN', `root@${D}`, 'root');
const maria = person('U0MARIA', `maria.boss@${D}`, 'maria');
const MARIA_ID = '00umaria0000000000001';

const USERS: SimulatorSeedUser[] = [
  { id: MARIA_ID, login: `maria.boss@${D}`, status: 'ACTIVE', activated: '2020-01-01T00:00:00.000Z', hasPassword: true },
  { login: `mine.byid@${D}`, status: 'PROVISIONED', managerId: MARIA_ID },
  { login: `mine.byname@${D}`, status: 'STAGED', manager: `Maria.Boss@${D}` },
  { login: `other.hire@${D}`, status: 'PROVISIONED', manager: `someone.else@${D}` },
  { login: `active.user@${D}`, status: 'ACTIVE', activated: '2021-01-01T00:00:00.000Z', hasPassword: true },
  { login: `gone.user@${D}`, status: 'DEPROVISIONED', activated: '2021-01-01T00:00:00.000Z' },
];

async function withRuntime(body: (rt: SimulatedRuntime, auditPath: string, flush: () => Promise<void>) => Promise<void>, settings = {}, now?: () => number) {
  const auditPath = join(await mkdtemp(join(tmpdir(), 'audit-')), 'audit.jsonl');
  const audit = createJsonlAuditSink(auditPath, (error) => assert.fail(String(error)));
  const rt = await startSimulatedRuntime({
    helpdeskUsers: [helpdesk.userId],
    approvers: [approver.userId],
    admins: [admin.userId],
    simulator: { users: USERS },
    audit,
    settings,
    ...(now ? { now } : {}),
  });
  try {
    await body(rt, auditPath, () => audit.flush());
    await audit.flush();
  } finally {
    await rt.close();
  }
}

function planned(outcome: PrepareOutcome): Plan {
  assert.equal(outcome.kind, 'planned', outcome.kind === 'planned' ? '' : outcome.message);
  return (outcome as Extract<PrepareOutcome, { kind: 'planned' }>).plan;
}

const mailed = (rt: SimulatedRuntime) => rt.sim.outbox.map((mail) => mail.to).sort();

test('a manager resends for their own hires directly; the other user waits for an approver', async () => {
  await withRuntime(async (rt) => {
    const plan = planned(await rt.service.prepare(maria, { kind: 'text', text: `mine.byid@${D} mine.byname@${D} other.hire@${D}` }));
    assert.equal(plan.counts.send, 2, 'managerId and manager (login, any case) both count');
    assert.equal(plan.counts.approval, 1);
    const confirmed = await rt.service.confirm(plan.id, maria, { channel: 'C1', ts: '1.2' });
    assert.equal(confirmed.kind, 'confirmed');
    const approval = confirmed.kind === 'confirmed' ? confirmed.approval : null;
    assert.ok(approval, 'an approval request was created');
    assert.deepEqual(approval.replyTo, { channel: 'C1', ts: '1.2' });
    const report = await rt.service.execute(plan, maria);
    assert.deepEqual(report.counts, { sent: 2, skipped: 1, failed: 0, inDoubt: 0 });
    assert.equal(report.results.find((r) => r.login === `other.hire@${D}`)?.reason, 'awaiting_approval');
    assert.deepEqual(mailed(rt), [`mine.byid@${D}`, `mine.byname@${D}`]);

    assert.equal((await rt.service.decideApproval(approval.id, maria, true)).kind, 'refused', 'no self-approval');
    assert.equal((await rt.service.decideApproval(approval.id, helpdesk, true)).kind, 'refused', 'helpdesk is not an approver when APPROVER_USERS is set');
    const approved = await rt.service.decideApproval(approval.id, approver, true);
    assert.equal(approved.kind, 'approved');
    assert.equal((await rt.service.decideApproval(approval.id, admin, false)).kind, 'already_confirmed', 'decided once');
    if (approved.kind !== 'approved') return;
    const second = await rt.service.execute(approved.plan, approver);
    assert.equal(second.counts.sent, 1);
    assert.deepEqual(mailed(rt), [`mine.byid@${D}`, `mine.byname@${D}`, `other.hire@${D}`]);
  });
});

test('a denied or expired approval sends nothing', async () => {
  let now = Date.now();
  await withRuntime(async (rt) => {
    const first = planned(await rt.service.prepare(maria, { kind: 'text', text: `other.hire@${D}` }));
    const c1 = await rt.service.confirm(first.id, maria);
    const denied = await rt.service.decideApproval(c1.kind === 'confirmed' ? (c1.approval?.id ?? '') : '', approver, false);
    assert.equal(denied.kind, 'denied');
    const second = planned(await rt.service.prepare(maria, { kind: 'text', text: `other.hire@${D}` }));
    const c2 = await rt.service.confirm(second.id, maria);
    now += 25 * 60 * 60 * 1000;
    assert.equal((await rt.service.decideApproval(c2.kind === 'confirmed' ? (c2.approval?.id ?? '') : '', approver, true)).kind, 'approval_expired');
    assert.equal(rt.sim.outbox.length, 0);
  }, {}, () => now);
});

test('managers are limited per request and per hour; no role and no Okta user means no request', async () => {
  await withRuntime(async (rt) => {
    const many = Array.from({ length: 4 }, (_, i) => `x${i}@${D}`).join(' ');
    const tooMany = await rt.service.prepare(maria, { kind: 'text', text: many });
    assert.equal(tooMany.kind, 'refused');
    assert.match(tooMany.kind === 'refused' ? tooMany.message : '', /at most 3 users/);
    for (let i = 0; i < 2; i += 1) planned(await rt.service.prepare(maria, { kind: 'text', text: `mine.byid@${D}` }));
    const third = await rt.service.prepare(maria, { kind: 'text', text: `mine.byid@${D}` });
    assert.match(third.kind === 'refused' ? third.message : '', /2 requests in the last hour/);
    const stranger = await rt.service.prepare(person('U0NOBODY', `nobody@${D}`), { kind: 'text', text: `mine.byid@${D}` });
    assert.match(stranger.kind === 'refused' ? stranger.message : '', /No single Okta user has your email/);
    assert.equal(rt.sim.calls.filter((call) => call.path.includes('/lifecycle/')).length, 0);
  }, { managerMaxUsers: 3, managerMaxRequestsPerHour: 2 });
});

test('a password-reset email is a separate, explicit choice for helpdesk only, never the default', async () => {
  await withRuntime(async (rt) => {
    const plan = planned(await rt.service.prepare(helpdesk, { kind: 'text', text: `active.user@${D}` }));
    assert.equal(plan.counts.send, 0);
    assert.deepEqual(plan.offers, { reset_password: 1 });
    const managerPlan = planned(await rt.service.prepare(maria, { kind: 'text', text: `active.user@${D}` }));
    assert.deepEqual(managerPlan.offers, {}, 'not offered to a manager');
    assert.equal((await rt.service.prepareAlternative(managerPlan.id, maria, 'reset_password')).kind, 'refused');

    const reset = planned((await rt.service.prepareAlternative(plan.id, helpdesk, 'reset_password')) as PrepareOutcome);
    assert.equal(reset.kind, 'reset_password');
    assert.equal(reset.entries[0]?.decision.kind === 'send' && reset.entries[0].decision.action, 'reset_password');
    assert.equal(rt.sim.outbox.length, 0, 'nothing sent before the second confirmation');
    const confirmed = await rt.service.confirm(reset.id, helpdesk);
    assert.equal(confirmed.kind, 'confirmed');
    await rt.service.execute(reset, helpdesk);
    assert.deepEqual(rt.sim.outbox.map((mail) => [mail.to, mail.kind]), [[`active.user@${D}`, 'password_reset']]);
    const call = rt.sim.calls.find((c) => c.path.endsWith('/lifecycle/reset_password'));
    assert.equal(call?.query['sendEmail'], 'true');
  });
});

test('a deactivated account is activated only by an admin, after a second confirmation', async () => {
  await withRuntime(async (rt) => {
    const helpdeskPlan = planned(await rt.service.prepare(helpdesk, { kind: 'text', text: `gone.user@${D}` }));
    assert.deepEqual(helpdeskPlan.offers, {});
    assert.equal((await rt.service.prepareAlternative(helpdeskPlan.id, helpdesk, 'activate_deprovisioned')).kind, 'refused');
    const plan = planned(await rt.service.prepare(admin, { kind: 'text', text: `gone.user@${D}` }));
    assert.deepEqual(plan.offers, { activate_deprovisioned: 1 });
    const restore = planned((await rt.service.prepareAlternative(plan.id, admin, 'activate_deprovisioned')) as PrepareOutcome);
    assert.match(restore.entries[0]?.decision.kind === 'send' ? (restore.entries[0].decision.note ?? '') : '', /Restores a deactivated account/);
    const confirmed = await rt.service.confirm(restore.id, admin);
    assert.equal(confirmed.kind, 'confirmed');
    await rt.service.execute(restore, admin);
    assert.equal(rt.sim.getUser(`gone.user@${D}`)?.status, 'PROVISIONED');
    assert.equal(rt.sim.outbox.length, 1);
  });
});

type AuditLine = { type: string; oktaRequestId?: string; actor?: string | { userId: string }; planId?: string; parentId?: string | null; approvalId?: string; users?: Array<{ login: string | null; decision: string }>; attempt?: number; result?: string; statusBefore?: string; endpoint?: string; errorCode?: string | null; asked?: number; found?: number; oktaRequestIds?: string[] };
const readAudit = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as AuditLine);

test('the audit file traces request, plan, confirmation, approval and each Okta call, with no secret', async () => {
  await withRuntime(async (rt, auditPath, flush) => {
    const plan = planned(await rt.service.prepare(maria, { kind: 'text', text: `mine.byid@${D} other.hire@${D}` }));
    const confirmed = await rt.service.confirm(plan.id, maria);
    await rt.service.execute(plan, maria);
    const approvalId = confirmed.kind === 'confirmed' ? (confirmed.approval?.id ?? '') : '';
    const approved = await rt.service.decideApproval(approvalId, approver, true);
    assert.equal(approved.kind, 'approved');
    if (approved.kind === 'approved') await rt.service.execute(approved.plan, approver);
    await flush();
    const text = await readFile(auditPath, 'utf8');
    const events = await readAudit(auditPath);
    assert.deepEqual(
      events.map((e) => e.type),
      // One search finds both users and Maria herself; each run reads its user again before the
      // call; the approver's click re-reads other.hire before the approval is settled.
      ['request', 'lookup', 'plan', 'request_outcome', 'confirm', 'approval_requested', 'user_outcome', 'lookup', 'lifecycle', 'user_outcome', 'outcome', 'lookup', 'approved', 'plan', 'lookup', 'lifecycle', 'user_outcome', 'outcome'],
    );
    const [search, , reread] = events.filter((e) => e.type === 'lookup');
    assert.deepEqual([search?.planId, search?.actor, search?.endpoint, search?.asked, search?.found, search?.result], [plan.id, maria.userId, 'GET /api/v1/users?search', 3, 3, 'ok']);
    assert.deepEqual([reread?.planId, reread?.approvalId, reread?.actor, reread?.endpoint, reread?.found], [plan.id, approvalId, approver.userId, 'GET /api/v1/users/{id}', 1]);
    // Who was asked for is named, not only counted.
    assert.deepEqual(events[2]?.users?.map((u) => [u.login, u.decision]), [[`mine.byid@${D}`, 'reactivate'], [`other.hire@${D}`, 'reactivate']]);
    assert.deepEqual(events[5]?.users?.map((u) => u.login), [`other.hire@${D}`]);
    // The approved run is traced back to the approval and the manager's plan.
    const approvedPlan = events[13]!;
    assert.equal(approvedPlan.parentId, plan.id);
    assert.equal(approvedPlan.approvalId, approvalId);
    assert.ok(events.slice(14).every((e) => e.planId === approvedPlan.planId));
    const calls = events.filter((e) => e.type === 'lifecycle');
    assert.ok(calls.every((e) => e.oktaRequestId), 'X-Okta-Request-Id recorded for each call');
    assert.deepEqual(calls.map((e) => [e.actor, e.statusBefore, e.result]), [[maria.userId, 'PROVISIONED', 'ok'], [approver.userId, 'PROVISIONED', 'ok']]);
    assert.match(calls[0]?.endpoint ?? '', /^POST \/api\/v1\/users\/00u\w+\/lifecycle\/reactivate\?sendEmail=true$/);
    assert.doesNotMatch(text, /SSWS|sim-api-token|activationUrl|activationToken|\/welcome\//);
  });
});

test('every Okta call is audited, the refused first try of a user whose status moved included', async () => {
  await withRuntime(async (rt, auditPath, flush) => {
    const movesOn = rt.sim.addUser({ login: `moves.on@${D}`, status: 'STAGED' });
    const gotActive = rt.sim.addUser({ login: `got.active@${D}`, status: 'STAGED' });
    const plan = planned(await rt.service.prepare(helpdesk, { kind: 'text', text: `moves.on@${D} got.active@${D}` }));
    // Right after the bot's read before the call: one becomes PROVISIONED (reactivate now), one ACTIVE (nothing to send).
    const moved = new Set<string>();
    rt.sim.afterCall((call) => {
      if (call.method !== 'GET' || moved.has(call.path)) return;
      if (call.path === `/api/v1/users/${movesOn.id}`) rt.sim.setStatus(movesOn.id, 'PROVISIONED');
      else if (call.path === `/api/v1/users/${gotActive.id}`) rt.sim.setStatus(gotActive.id, 'ACTIVE', { activated: '2026-11-30T00:00:00.000Z' });
      else return;
      moved.add(call.path);
    });
    await rt.service.confirm(plan.id, helpdesk);
    const report = await rt.service.execute(plan, helpdesk);
    assert.deepEqual(report.results.map((r) => r.outcome), ['sent', 'skipped']);
    await flush();
    const events = await readAudit(auditPath);
    const calls = events.filter((e) => e.type === 'lifecycle');
    const okta = rt.sim.calls.filter((c) => c.path.includes('/lifecycle/'));
    assert.equal(calls.length, okta.length, 'one audit line per lifecycle call Okta received');
    assert.deepEqual(new Set(calls.map((e) => e.oktaRequestId)), new Set(okta.map((c) => c.requestId)));
    // Reads too: the planning search, the read before each call and the re-read after E0000016.
    // Every request Okta answered is in the file.
    const reads = events.filter((e) => e.type === 'lookup');
    assert.deepEqual(reads.map((e) => [e.endpoint, e.result]), [['GET /api/v1/users?search', 'ok'], ...Array.from({ length: 4 }, () => ['GET /api/v1/users/{id}', 'ok'])]);
    const audited = new Set([...calls.map((e) => e.oktaRequestId), ...reads.flatMap((e) => e.oktaRequestIds ?? [])]);
    assert.deepEqual(audited, new Set(rt.sim.calls.map((c) => c.requestId)));
    const refused = calls.filter((e) => e.result !== 'ok');
    assert.deepEqual(refused.map((e) => [e.attempt, e.statusBefore, e.errorCode]), [[1, 'STAGED', 'E0000016'], [1, 'STAGED', 'E0000016']]);
    assert.deepEqual(calls.filter((e) => e.attempt === 2).map((e) => [e.statusBefore, e.result]), [['PROVISIONED', 'ok']]);
    assert.equal(events.filter((e) => e.type === 'user_outcome').length, 2, 'each user has an outcome line, the skipped one too');
  });
});

test('an approval whose re-read fails is not used up: the approver can press again', async () => {
  await withRuntime(async (rt) => {
    const plan = planned(await rt.service.prepare(maria, { kind: 'text', text: `other.hire@${D}` }));
    const confirmed = await rt.service.confirm(plan.id, maria);
    const approvalId = confirmed.kind === 'confirmed' ? (confirmed.approval?.id ?? '') : '';
    const getUser = rt.directory.getUser.bind(rt.directory);
    rt.directory.getUser = async () => {
      throw new Error('Okta answered 503');
    };
    const first = await rt.service.decideApproval(approvalId, approver, true);
    assert.equal(first.kind, 'unavailable');
    rt.directory.getUser = getUser;
    const second = await rt.service.decideApproval(approvalId, approver, true);
    assert.equal(second.kind, 'approved');
    if (second.kind === 'approved') await rt.service.execute(second.plan, approver);
    assert.deepEqual(mailed(rt), [`other.hire@${D}`]);
  });
});

test('statuses are read again at approval: a user who became active meanwhile gets nothing', async () => {
  await withRuntime(async (rt) => {
    const plan = planned(await rt.service.prepare(maria, { kind: 'text', text: `other.hire@${D}` }));
    const confirmed = await rt.service.confirm(plan.id, maria);
    rt.sim.setStatus(rt.sim.getUser(`other.hire@${D}`)!.id, 'ACTIVE', { activated: '2026-11-30T00:00:00.000Z' });
    const approved = await rt.service.decideApproval(confirmed.kind === 'confirmed' ? (confirmed.approval?.id ?? '') : '', approver, true);
    assert.equal(approved.kind, 'approved');
    if (approved.kind !== 'approved') return;
    assert.equal(approved.plan.counts.send, 0);
    const report = await rt.service.execute(approved.plan, approver);
    assert.equal(report.results[0]?.reason, 'already_active');
    assert.equal(rt.sim.outbox.length, 0);
  });
});

test('only a confirmed plan runs, and only once, whatever a surface does', async () => {
  await withRuntime(async (rt) => {
    const plan = planned(await rt.service.prepare(helpdesk, { kind: 'text', text: `mine.byid@${D}` }));
    await assert.rejects(rt.service.execute(plan, helpdesk), /not confirmed/);
    await rt.service.confirm(plan.id, helpdesk);
    await rt.service.execute(plan, helpdesk);
    await assert.rejects(rt.service.execute(plan, helpdesk), /ran already/);
    assert.equal(rt.sim.outbox.length, 1);
  });
});

test('expired approvals are settled by the sweep (and audited), so a late click cannot run them', async () => {
  let clock = Date.now();
  await withRuntime(
    async (rt, auditPath, flush) => {
      const plan = planned(await rt.service.prepare(maria, { kind: 'text', text: `other.hire@${D}` }));
      const confirmed = await rt.service.confirm(plan.id, maria);
      const approvalId = confirmed.kind === 'confirmed' ? (confirmed.approval?.id ?? '') : '';
      assert.deepEqual(await rt.service.expireApprovals('slack'), [], 'nothing is due yet');
      clock += 2 * 60 * 60 * 1000;
      const expired = await rt.service.expireApprovals('slack');
      assert.deepEqual(expired.map((a) => a.id), [approvalId]);
      assert.deepEqual(await rt.service.expireApprovals('slack'), [], 'each approval expires once');
      assert.equal((await rt.service.decideApproval(approvalId, approver, true)).kind, 'approval_expired');
      assert.equal(rt.sim.outbox.length, 0);
      await flush();
      assert.ok((await readAudit(auditPath)).some((e) => e.type === 'approval_expired' && e.approvalId === approvalId));
    },
    { approvalTtlSeconds: 60 * 60 },
    () => clock,
  );
});

test('a manager with a second account that shares her mailbox is still herself: her login decides', async () => {
  await withRuntime(async (rt) => {
    rt.sim.addUser({ login: `maria.admin@${D}`, email: `maria.boss@${D}`, status: 'ACTIVE', activated: '2022-01-01T00:00:00.000Z', hasPassword: true });
    const plan = planned(await rt.service.prepare(maria, { kind: 'text', text: `mine.byid@${D}` }));
    assert.equal(plan.counts.send, 1, 'her own report, sent directly');
    // With two accounts sharing the email and neither login equal to it, nobody can tell which she is.
    const alias = person('U0ALIAS99', `shared@${D}`, 'alias');
    rt.sim.addUser({ login: `one@${D}`, email: `shared@${D}`, status: 'ACTIVE', activated: '2022-01-01T00:00:00.000Z' });
    rt.sim.addUser({ login: `two@${D}`, email: `shared@${D}`, status: 'ACTIVE', activated: '2022-01-01T00:00:00.000Z' });
    const refused = await rt.service.prepare(alias, { kind: 'text', text: `mine.byid@${D}` });
    assert.equal(refused.kind, 'refused');
  });
});

test('a manager learns nothing from Okta about people who are not her reports: no status, login or reason in the plan, the report or the CSVs', async () => {
  await withRuntime(async (rt, auditPath, flush) => {
    rt.sim.addUser({ login: `alias.one@${D}`, email: `shared@${D}`, status: 'STAGED' });
    rt.sim.addUser({ login: `alias.two@${D}`, email: `shared@${D}`, status: 'STAGED' });
    const others = [`other.hire@${D}`, `active.user@${D}`, `gone.user@${D}`, `nobody@${D}`, `shared@${D}`];
    const plan = planned(await rt.service.prepare(maria, { kind: 'text', text: [`mine.byid@${D}`, ...others].join(' ') }));
    const shown = (rows: readonly { who: string; text: string; hint: string | null }[]) => rows.map((row) => `${row.who} ${row.text} ${row.hint ?? ''}`).join('\n');
    const view = describePlan(plan);
    assert.match(view.rows[0]?.text ?? '', /^PROVISIONED \(Pending user action\): will reactivate/, 'her own report in full');
    assert.deepEqual(view.rows.slice(1).map((row) => [row.who, row.text, row.hint]), [
      [`other.hire@${D}`, 'not your direct report: needs an approver', null],
      ...others.slice(1).map((who) => [who, `skip — ${RESTRICTED_SKIP}`, null]),
    ]);
    const hidden = /ACTIVE|DEPROVISIONED|Deactivated|Pending user action|alias\.(one|two)|00u|already|deactivated|Okta users go by/;
    assert.doesNotMatch(shown(view.rows.slice(1)), hidden);
    assert.doesNotMatch(planToCsv(plan).split('\r\n').slice(2).join('\n'), hidden);

    await rt.service.confirm(plan.id, maria);
    const report = await rt.service.execute(plan, maria);
    assert.deepEqual(mailed(rt), [`mine.byid@${D}`]);
    const reportView = describeReport(report);
    const theirs = reportView.rows.filter((row) => row.who !== `mine.byid@${D}`);
    assert.equal(theirs.length, others.length);
    assert.doesNotMatch(shown(theirs), hidden);
    assert.match(shown(theirs), /skipped: Waiting for an approver\./);
    assert.doesNotMatch(reportToCsv(report).split('\r\n').filter((line) => !line.includes('mine.byid')).join('\n'), hidden);

    // The audit file, for admins, keeps what Okta said about each of them.
    await flush();
    const planLine = (await readAudit(auditPath)).find((e) => e.type === 'plan');
    assert.deepEqual(planLine?.users?.map((u) => u.decision), ['reactivate', 'reactivate', 'already_active', 'deprovisioned', 'not_found', 'ambiguous']);
  });
});
