import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Requester } from '../../src/core/requester.ts';
import { createMetrics } from '../../src/metrics/create-metrics.ts';
import { createHttpApp } from '../../src/server/create-http-app.ts';
import { withSimulatedRuntime } from '../support/okta-runtime.ts';

// A real run (core, SDK, pacing executor) against the Okta simulator, then /metrics scraped over
// HTTP as Prometheus would: the counts are what happened, and no label names anyone.

const D = 'corp.example';
const helen: Requester = { surface: 'slack', userId: 'U2147483697', email: `helen@${D}`, displayName: 'helen', groupIds: [] };
// Not helpdesk, and Teams shows no email: refused before any lookup.
const stranger: Requester = { surface: 'teams', userId: '29:1a2b3c-stranger', email: null, displayName: 'stranger', groupIds: [] };
const USERS = [
  { login: `pat.provisioned@${D}`, status: 'PROVISIONED' as const, firstName: 'Pat', lastName: 'Provisioned' },
  { login: `ada.active@${D}`, status: 'ACTIVE' as const, firstName: 'Ada', lastName: 'Active', activated: '2026-01-02T03:04:05.000Z', hasPassword: true },
];
const NOBODY = `no.such.person@${D}`;

async function scrape(base: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${base}/metrics`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The value of one series, by its exact labels as prom-client prints them (sorted as given). */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function sumOf(text: string, name: string, labelFilter: RegExp = /.*/): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && labelFilter.test(line))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

test('/metrics after a run: requests, users by outcome, Okta calls by templated endpoint and status, a 429, the wait, durations; no identity in any label', async () => {
  const metrics = createMetrics();
  await withSimulatedRuntime(
    {
      helpdeskUsers: [helen.userId],
      audit: metrics.auditSink,
      // One lifecycle call per 2-second window: the one spent below by "another client" makes ours meet a 429.
      simulator: { users: USERS, rateLimits: { lifecycle: { limit: 1, windowSeconds: 2 } } },
    },
    async (rt) => {
      metrics.watch(rt);
      const server = createHttpApp([], undefined, { metrics: metrics.handler }).listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        assert.equal((await rt.service.prepare(helen, { kind: 'text', text: ' ' })).kind, 'nothing');
        assert.equal((await rt.service.prepare(stranger, { kind: 'text', text: `pat.provisioned@${D}` })).kind, 'refused');
        const prepared = await rt.service.prepare(helen, { kind: 'text', text: `pat.provisioned@${D} ada.active@${D} ${NOBODY}` });
        assert.equal(prepared.kind, 'planned');
        if (prepared.kind !== 'planned') return;
        assert.equal((await rt.service.confirm(prepared.plan.id, helen)).kind, 'confirmed');
        // The org's other API client spends this window's only lifecycle call (the id exists nowhere: a 404, counted all the same).
        const spent = await fetch(`${rt.sim.url}/api/v1/users/00uotherclient0000001/lifecycle/reactivate?sendEmail=false`, {
          method: 'POST',
          headers: { Authorization: `SSWS ${rt.sim.apiToken}`, Accept: 'application/json' },
        });
        assert.equal(spent.status, 404);
        const report = await rt.service.execute(prepared.plan, helen);
        assert.deepEqual([report.counts.sent, report.counts.skipped, report.counts.failed], [1, 2, 0]);
        assert.equal(rt.sim.count429(), 1, 'our lifecycle call met a 429 and was retried after the window');

        const { status, type, text } = await scrape(base);
        assert.equal(status, 200);
        assert.match(type, /^text\/plain; version=0\.0\.4/);

        assert.equal(valueOf(text, 'resend_activation_requests_total{surface="slack",outcome="nothing"}'), 1);
        assert.equal(valueOf(text, 'resend_activation_requests_total{surface="teams",outcome="refused"}'), 1);
        assert.equal(valueOf(text, 'resend_activation_requests_total{surface="slack",outcome="planned"}'), 1);
        assert.equal(valueOf(text, 'resend_activation_users_total{outcome="sent",reason="none"}'), 1);
        assert.equal(valueOf(text, 'resend_activation_users_total{outcome="skipped",reason="already_active"}'), 1);
        assert.equal(valueOf(text, 'resend_activation_users_total{outcome="skipped",reason="not_found"}'), 1);
        assert.equal(sumOf(text, 'resend_activation_users_total', /outcome="skipped"/), 2);

        const lifecycle = 'endpoint="POST /api/v1/users/{id}/lifecycle/reactivate"';
        assert.equal(valueOf(text, `resend_activation_okta_requests_total{${lifecycle},status="200"}`), 1);
        assert.equal(valueOf(text, `resend_activation_okta_requests_total{${lifecycle},status="429"}`), 1, 'the retried 429 is an Okta call too');
        assert.equal(valueOf(text, `resend_activation_okta_rate_limited_total{${lifecycle}}`), 1);
        assert.ok((valueOf(text, 'resend_activation_okta_requests_total{endpoint="GET /api/v1/users",status="200"}') ?? 0) >= 1, 'the search');
        assert.ok((valueOf(text, 'resend_activation_okta_requests_total{endpoint="GET /api/v1/users/{id}",status="200"}') ?? 0) >= 1, 'the re-read before the call');
        assert.equal(valueOf(text, 'resend_activation_lifecycle_calls_total{action="reactivate",result="ok"}'), 1);
        assert.ok((valueOf(text, 'resend_activation_okta_rate_limit_wait_seconds_total') ?? 0) > 0, 'the wait for the next window');

        assert.equal(valueOf(text, 'resend_activation_run_duration_seconds_count{kind="resend"}'), 1);
        assert.equal(valueOf(text, 'resend_activation_lookup_duration_seconds_count'), 1, 'only the planned request is timed');
        assert.equal(valueOf(text, 'resend_activation_approvals_waiting'), 0);
        assert.equal(valueOf(text, 'resend_activation_scheduled_sends_waiting'), 0);
        assert.match(text, /^# HELP resend_activation_users_total \S/m);
        assert.match(text, /^process_cpu_user_seconds_total /m, 'the default process metrics');
        assert.match(text, /^nodejs_heap_size_used_bytes /m);

        // No identity anywhere: not in a label, not in the whole scrape.
        const labelValues = [...text.matchAll(/\w+="([^"]*)"/g)].map((match) => match[1] ?? '');
        assert.ok(labelValues.length > 20);
        for (const value of labelValues) assert.doesNotMatch(value, /@|00u[0-9A-Za-z]|\.example|plan_|appr_/, value);
        const identities = [helen.userId, stranger.userId, prepared.plan.id, NOBODY, ...USERS.flatMap((user) => [user.login, user.login.split('@')[0] ?? '', rt.sim.getUser(user.login)?.id ?? 'missing'])];
        for (const identity of identities) assert.ok(!text.includes(identity), `the scrape names ${identity}`);
        assert.doesNotMatch(text, /[\w.+-]+@[\w-]+\.[\w.-]+/, 'no email address');
      } finally {
        server.close();
      }
    },
  );
});

test('approvals waiting are read from the store at each scrape', async () => {
  const metrics = createMetrics();
  const manager: Requester = { surface: 'slack', userId: 'U0MANAGER1', email: `mia.manager@${D}`, displayName: 'mia', groupIds: [] };
  await withSimulatedRuntime(
    {
      helpdeskUsers: [helen.userId],
      audit: metrics.auditSink,
      simulator: {
        users: [
          { login: `mia.manager@${D}`, status: 'ACTIVE', firstName: 'Mia', lastName: 'Manager', activated: '2026-01-02T03:04:05.000Z', hasPassword: true },
          { login: `sam.someone@${D}`, status: 'PROVISIONED', firstName: 'Sam', lastName: 'Someone' },
        ],
      },
    },
    async (rt) => {
      metrics.watch(rt);
      const server = createHttpApp([], undefined, { metrics: metrics.handler }).listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        assert.equal(valueOf((await scrape(base)).text, 'resend_activation_approvals_waiting'), 0);
        // Sam is not Mia's report: her request waits for an approver.
        const prepared = await rt.service.prepare(manager, { kind: 'text', text: `sam.someone@${D}` });
        assert.equal(prepared.kind, 'planned');
        if (prepared.kind !== 'planned') return;
        assert.equal(prepared.plan.counts.approval, 1);
        const confirmed = await rt.service.confirm(prepared.plan.id, manager);
        assert.equal(confirmed.kind, 'confirmed');
        const text = (await scrape(base)).text;
        assert.equal(valueOf(text, 'resend_activation_approvals_waiting'), 1);
        assert.equal(valueOf(text, 'resend_activation_approvals_total{event="requested"}'), 1);
        assert.doesNotMatch(text, /mia|sam\.|U0MANAGER1/);
      } finally {
        server.close();
      }
    },
  );
});

test('an Okta request that gets no answer in time is counted as a timeout, by its templated endpoint', async () => {
  const metrics = createMetrics();
  await withSimulatedRuntime({ helpdeskUsers: [helen.userId], simulator: { users: USERS }, oktaLimits: { timeoutSeconds: 0.3 } }, async (rt) => {
    metrics.watch(rt);
    const id = rt.sim.getUser(USERS[0]!.login)?.id ?? '';
    rt.sim.addFault({ kind: 'hang', match: { method: 'GET', path: `/api/v1/users/${id}` }, times: 1 });
    await rt.directory.getUser(id).catch(() => undefined);
    const text = await metrics.set.registry.metrics();
    assert.equal(valueOf(text, 'resend_activation_okta_requests_total{endpoint="GET /api/v1/users/{id}",status="timeout"}'), 1);
    assert.ok(!text.includes(id));
  });
});
