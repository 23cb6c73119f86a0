import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countOutcomes, type EntryResult, type RunReport } from '../../src/core/run-report.ts';
import { reportToCsv } from '../../src/core/views/csv-export.ts';
import { displaySafe } from '../../src/core/views/display-safe.ts';
import { describeReport } from '../../src/core/views/report-view.ts';

const result = (raw: string, login: string, outcome: EntryResult['outcome'], overrides: Partial<EntryResult> = {}): EntryResult => ({
  identifier: { raw, value: raw.toLowerCase(), kind: 'email', line: 1 } as EntryResult['identifier'],
  userId: `00u${login.slice(0, 4)}`,
  login,
  statusBefore: 'PROVISIONED',
  action: outcome === 'skipped' ? null : 'reactivate',
  outcome,
  reason: outcome === 'failed' ? 'E0000001' as EntryResult['reason'] : outcome === 'skipped' ? 'suspended' as EntryResult['reason'] : null,
  message: outcome === 'sent' ? 'Activation email sent.' : 'Okta said no.',
  hint: outcome === 'sent' ? null : 'Unsuspend them first.',
  requestId: 'req-1',
  restricted: false,
  ...overrides,
});

const results = [result('Sent@corp.example', 'sent.login@corp.example', 'sent'), result('skip@corp.example', 'skip.login@corp.example', 'skipped'), result('fail@corp.example', 'fail.login@corp.example', 'failed')];
const report: RunReport = {
  planId: 'plan-1',
  requester: { surface: 'slack', userId: 'U1', displayName: 'maria' } as RunReport['requester'],
  confirmedBy: { surface: 'slack', userId: 'U2', displayName: 'ada' } as RunReport['confirmedBy'],
  startedAt: 0,
  finishedAt: 1_000,
  results,
  rejected: [],
  counts: countOutcomes(results),
};
const OKTA_HOLDS = /login@|00u|PROVISIONED|Pending|Okta said|Unsuspend|req-1|E0000001|suspended|skipped|failed/;

test('the runner reads the report in full; the requester of an approved run reads sent / not sent per name as she typed it', () => {
  const full = describeReport(report);
  assert.match(JSON.stringify(full), /sent\.login@corp\.example/);
  assert.match(JSON.stringify(full), /was PROVISIONED/);

  const forRequester = describeReport(report, 'requester');
  assert.doesNotMatch(JSON.stringify(forRequester), OKTA_HOLDS);
  assert.equal(forRequester.title, 'Done');
  assert.equal(forRequester.summary, '1 sent · 2 not sent');
  assert.deepEqual(forRequester.rows.map((row) => [row.who, row.text, row.tone, row.hint]), [
    ['skip@corp.example', 'not sent', 'neutral', null],
    ['fail@corp.example', 'not sent', 'neutral', null],
    ['Sent@corp.example', 'sent', 'good', null],
  ]);
});

test('a call in doubt is "not confirmed" for the requester: "not sent" could be wrong', () => {
  const doubtful = [...results, result('doubt@corp.example', 'doubt.login@corp.example', 'failed', { reason: 'in_doubt' as EntryResult['reason'], message: 'In doubt — not retried.' })];
  const view = describeReport({ ...report, results: doubtful, counts: countOutcomes(doubtful) }, 'requester');
  assert.equal(view.summary, '1 sent · 2 not sent · 1 not confirmed');
  assert.deepEqual(view.rows.map((row) => row.text), ['not sent', 'not sent', 'not confirmed', 'sent']);
  assert.doesNotMatch(JSON.stringify(view), OKTA_HOLDS);
});

test('the requester\'s results CSV has the same columns and nothing Okta holds', () => {
  const csv = reportToCsv(report, 'requester');
  const [header, ...rows] = csv.trim().split('\r\n');
  assert.equal(header, reportToCsv(report).split('\r\n')[0]);
  assert.doesNotMatch(rows.join('\n'), OKTA_HOLDS);
  assert.deepEqual(rows, ['1,Sent@corp.example,,,,,sent,,,', '1,skip@corp.example,,,,,not_sent,,,', '1,fail@corp.example,,,,,not_sent,,,']);
});

test('displaySafe removes bidirectional controls and C0/C1 controls but keeps line feeds and tabs', () => {
  assert.equal(displaySafe('user\u202Emoc.elpmaxe@\u0007'), 'usermoc.elpmaxe@');
  assert.equal(displaySafe('\u2066a\u2069\u200e\u200f\u061c\u202a\u0085\u001b[2J'), 'a[2J');
  assert.equal(displaySafe('a\nb\tc\r'), 'a\nb\tc');
  assert.equal(displaySafe('x\u202Ey', '?'), 'x?y');
  assert.equal(displaySafe('Łódź — alice.nguyen@corp.example'), 'Łódź — alice.nguyen@corp.example');
});
