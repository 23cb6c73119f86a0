import { userInfo } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig, type AppConfig, type Env, type OktaSettings } from '../config.ts';
import type { Requester } from '../core/requester.ts';
import type { RequestInput } from '../core/resend-service.ts';
import type { RunReport } from '../core/run-report.ts';
import { runWithProgress } from '../core/run-with-progress.ts';
import { reportToCsv } from '../core/views/csv-export.ts';
import { describePlan } from '../core/views/plan-view.ts';
import { describeReport } from '../core/views/report-view.ts';
import { DEMO_BANNER, startDemoOkta } from '../demo/start-demo-okta.ts';
import { createJsonlAuditSink } from '../audit/jsonl-audit-sink.ts';
import type { AuditSink } from '../core/audit.ts';
import { createRuntime } from '../runtime/create-runtime.ts';
import { renderPlanText, renderReportText, safeText } from '../terminal/render-text.ts';
import { askYesNo } from './ask-yes-no.ts';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './parse-args.ts';
import { readInputFile } from './read-input-file.ts';
import { planToJson, reportToJson } from './json-output.ts';

export interface CliIo {
  readonly argv: readonly string[];
  /** Defaults to the process environment, read by src/config.ts. */
  readonly env?: Env;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export const EXIT = { ok: 0, failures: 1, usage: 2 } as const;

/** The whole command line: returns the exit status instead of exiting, so tests can drive it. */
export async function runCli(io: CliIo): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  let args: CliArgs;
  try {
    args = parseCliArgs(io.argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(`resend-activation: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  let okta: OktaSettings | null;
  let config;
  try {
    config = loadConfig(io.env ?? undefined, 'cli');
    okta = config.okta;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    say(error.message);
    return EXIT.usage;
  }
  const demo = args.demo ? await startDemoOkta() : null;
  if (demo) {
    say(DEMO_BANNER);
    okta = demo.okta;
  }
  if (!okta) {
    say('resend-activation: OKTA_ORG_URL is not set. Set OKTA_ORG_URL and OKTA_API_TOKEN (or OKTA_CLIENT_ID + OKTA_PRIVATE_KEY), or add --demo to try the embedded simulator.');
    return EXIT.usage;
  }
  // An operator's terminal run changes accounts too: it is audited like a chat run.
  const audit = config.auditLogPath ? createJsonlAuditSink(config.auditLogPath, (error) => say(`resend-activation: audit write failed: ${String(error)}`)) : null;
  try {
    return await resend(args, io, okta, config.resend, audit);
  } finally {
    await audit?.flush();
    await demo?.sim.close();
  }
}

async function resend(args: CliArgs, io: CliIo, okta: OktaSettings, settings: AppConfig['resend'], audit: AuditSink | null): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const out = (text: string) => (args.json ? say(text) : io.stdout.write(`${text}\n`));
  const { service } = createRuntime({ okta, roles: { helpdesk: [], approvers: [], admins: [] }, settings, ...(audit ? { audit } : {}) });
  const operator = userInfo().username;
  const requester: Requester = { surface: 'cli', userId: operator, email: null, displayName: operator, groupIds: [] };

  let input: RequestInput;
  try {
    input = args.file ? { kind: 'file', ...(await readInputFile(args.file, service.settings.limits.maxFileBytes)) } : { kind: 'text', text: args.identifiers.join('\n') };
  } catch (error) {
    say(`resend-activation: cannot read ${safeText(args.file ?? '')}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return EXIT.usage;
  }
  const prepared = await service.prepare(requester, input);
  if (prepared.kind === 'refused' || prepared.kind === 'invalid' || prepared.kind === 'unavailable') {
    say(`resend-activation: ${safeText(prepared.message)}`);
    return EXIT.usage;
  }
  if (prepared.kind === 'nothing') {
    say(safeText(prepared.message));
    for (const r of prepared.parsed.rejected) say(`  line ${r.line}: ${safeText(r.raw)} — ${r.reason}`);
    return prepared.parsed.rejected.length > 0 ? EXIT.failures : EXIT.usage;
  }
  const { plan } = prepared;
  out(renderPlanText(describePlan(plan)));
  const inputProblems = plan.counts.rejected > 0 ? EXIT.failures : EXIT.ok;
  if (args.dryRun || plan.counts.send === 0) {
    out(args.dryRun ? 'Dry run: no lifecycle call was made.' : 'Nothing to send.');
    if (args.json) io.stdout.write(`${JSON.stringify({ dryRun: args.dryRun, plan: planToJson(plan) }, null, 2)}\n`);
    return inputProblems;
  }
  if (!args.yes) {
    if (!io.stdin.isTTY) {
      say(`resend-activation: refusing to send ${plan.counts.send} email(s) without confirmation: there is no terminal to ask on. Re-run with --yes, or --dry-run to only see the plan.`);
      return EXIT.usage;
    }
    if (!(await askYesNo(`Send ${plan.counts.send} activation email(s)?`, io.stdin, io.stderr))) {
      say('Cancelled: nothing was sent.');
      return EXIT.ok;
    }
  }
  const confirmed = await service.confirm(plan.id, requester);
  if (confirmed.kind !== 'confirmed') {
    say(`resend-activation: ${confirmed.message}`);
    return EXIT.usage;
  }
  const report = await runWithProgress(service, plan, requester, {
    show: async (text) => {
      if (plan.counts.send >= 10) say(text);
    },
  });
  out(renderReportText(describeReport(report)));
  if (args.csv) await writeFile(args.csv, reportToCsv(report));
  if (args.json) io.stdout.write(`${JSON.stringify({ plan: planToJson(plan), report: reportToJson(report) }, null, 2)}\n`);
  return exitFor(report, inputProblems);
}

function exitFor(report: RunReport, inputProblems: number): number {
  return report.counts.failed > 0 ? EXIT.failures : inputProblems;
}
