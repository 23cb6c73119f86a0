import { userInfo } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig, type AppConfig, type Env, type OktaSettings } from '../config.ts';
import type { Requester } from '../core/requester.ts';
import type { RequestInput, ResendService, ScheduleRequest } from '../core/resend-service.ts';
import type { Plan } from '../core/plan.ts';
import type { RunReport } from '../core/run-report.ts';
import { runWithProgress } from '../core/run-with-progress.ts';
import { planToCsv, reportToCsv } from '../core/views/csv-export.ts';
import { describePlan } from '../core/views/plan-view.ts';
import { describeReport } from '../core/views/report-view.ts';
import { DEMO_BANNER, startDemoOkta } from '../demo/start-demo-okta.ts';
import { assertAuditPathWritable, createJsonlAuditSink, type JsonlAuditSink } from '../audit/jsonl-audit-sink.ts';
import type { AuditSink } from '../core/audit.ts';
import { newCorrelationId, withCorrelation } from '../core/correlation.ts';
import type { KeyValueStore } from '../core/store.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { createRedisStore } from '../store/redis-store.ts';
import { openSentLedger, type LedgerStore } from '../store/sent-ledger.ts';
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
export function runCli(io: CliIo): Promise<number> {
  // One correlation id for the whole run: every audit line it writes carries it.
  return withCorrelation(newCorrelationId('cli'), () => runCommandLine(io));
}

async function runCommandLine(io: CliIo): Promise<number> {
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
  let audit: JsonlAuditSink | null = null;
  if (config.auditLogPath) {
    try {
      await assertAuditPathWritable(config.auditLogPath);
    } catch (error) {
      say(`resend-activation: ${(error as Error).message}`);
      await demo?.sim.close();
      return EXIT.usage;
    }
    audit = createJsonlAuditSink(config.auditLogPath, (error) => say(`resend-activation: audit write failed: ${String(error)}`));
  }
  // With REDIS_URL the bot's own store: the chat bot and the terminal see each other's
  // suppression window, so an admin's run does not email someone the bot emailed minutes ago.
  const shared = config.store.redisUrl && !demo ? await openSharedStore(config.store) : null;
  if (shared instanceof Error) {
    say(`resend-activation: ${shared.message}`);
    await audit?.flush();
    return EXIT.usage;
  }
  // The demo's users are the same every time: a ledger would only make the next demo skip them.
  const ledger = config.cliStatePath && !demo ? await openLedger(config.cliStatePath, say, shared ?? createMemoryStore()) : null;
  try {
    return await resend(args, io, { okta, settings: config.resend, audit, store: ledger ?? shared });
  } finally {
    await ledger?.flush();
    await shared?.close();
    await audit?.flush();
    await demo?.sim.close();
  }
}

/**
 * The bot's Redis, or why not. Unreachable is a refusal, not a silent fallback: without it the
 * run could email people the bot just emailed. Unset REDIS_URL to run on the file record alone.
 */
async function openSharedStore(settings: AppConfig['store']): Promise<KeyValueStore | Error> {
  const store = createRedisStore({ url: settings.redisUrl ?? '', keyPrefix: settings.keyPrefix });
  try {
    await store.ready(5_000);
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    return new Error(`REDIS_URL is set but Redis does not answer (${(error as Error).message}), so the bot's record of recent emails cannot be checked. Try again shortly, or unset REDIS_URL to rely on this machine's record only.`);
  }
}

interface RunParts {
  readonly okta: OktaSettings;
  readonly settings: AppConfig['resend'];
  readonly audit: AuditSink | null;
  readonly store: KeyValueStore | null;
}

/** A ledger that cannot be opened must not stop an admin: the run goes on without it, and says so. */
async function openLedger(path: string, say: (text: string) => void, inner: KeyValueStore): Promise<LedgerStore | null> {
  try {
    return await openSentLedger(path, inner, (error) =>
      say(`resend-activation: could not write the record of recent emails to ${safeText(path)} (${(error as NodeJS.ErrnoException).code ?? String(error)}); the run goes on, but a re-run may email these users again.`),
    );
  } catch (error) {
    say(`resend-activation: cannot keep the record of recent emails in ${safeText(path)} (${(error as NodeJS.ErrnoException).code ?? String(error)}); users emailed by an earlier run are not skipped this time.`);
    return null;
  }
}

async function resend(args: CliArgs, io: CliIo, parts: RunParts): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const out = (text: string) => (args.json ? say(text) : io.stdout.write(`${text}\n`));
  const { service } = createRuntime({
    okta: parts.okta,
    roles: { helpdesk: [], approvers: [], admins: [] },
    settings: parts.settings,
    ...(parts.audit ? { audit: parts.audit } : {}),
    ...(parts.store ? { store: parts.store } : {}),
  });
  const operator = userInfo().username;
  const requester: Requester = { surface: 'cli', userId: operator, email: null, displayName: operator, groupIds: [] };

  let input: RequestInput;
  try {
    input = args.file ? { kind: 'file', ...(await readInputFile(args.file, service.settings.limits.maxFileBytes)) } : { kind: 'text', text: args.identifiers.join('\n') };
  } catch (error) {
    say(`resend-activation: cannot read ${safeText(args.file ?? '')}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return EXIT.usage;
  }
  const prepared = await service.prepare(requester, input, { force: args.force });
  if (prepared.kind === 'refused' || prepared.kind === 'invalid' || prepared.kind === 'unavailable') {
    say(`resend-activation: ${safeText(prepared.message)}`);
    return EXIT.usage;
  }
  if (prepared.kind === 'nothing') {
    say(safeText(prepared.message));
    for (const r of prepared.parsed.rejected) say(`  line ${r.line}: ${safeText(r.raw)} — ${safeText(r.reason)}`);
    return prepared.parsed.rejected.length > 0 ? EXIT.failures : EXIT.usage;
  }
  const { plan } = prepared;
  out(renderPlanText(describePlan(plan)));
  // Rows not understood, and people who could not be found or told apart, are failures of the
  // request: a script must not read "0" when someone on the list gets no email for those reasons.
  const unresolved = plan.entries.filter((e) => e.decision.kind === 'skip' && UNRESOLVED.has(e.decision.reason)).length;
  const inputProblems = plan.counts.rejected > 0 || unresolved > 0 ? EXIT.failures : EXIT.ok;
  if (args.dryRun || plan.counts.send === 0) {
    out(args.dryRun ? 'Dry run: no lifecycle call was made.' : 'Nothing to send.');
    if (args.csv) await writeFile(args.csv, planToCsv(plan));
    if (args.json) io.stdout.write(`${JSON.stringify({ dryRun: args.dryRun, plan: planToJson(plan) }, null, 2)}\n`);
    return inputProblems;
  }
  if (!args.yes) {
    if (!io.stdin.isTTY) {
      say(`resend-activation: refusing to send ${plan.counts.send} email(s) without confirmation: there is no terminal to ask on. Re-run with --yes, or --dry-run to only see the plan.`);
      return EXIT.usage;
    }
    const question = args.at ? `Schedule ${plan.counts.send} activation email(s) for ${args.at === 'start-date' ? 'each start date' : args.at}?` : `Send ${plan.counts.send} activation email(s)?`;
    if (!(await askYesNo(question, io.stdin, io.stderr))) {
      say('Cancelled: nothing was sent.');
      return EXIT.ok;
    }
  }
  if (args.at) return scheduleAndWait(service, plan, requester, args, { say, out, io, inputProblems });
  const confirmed = await service.confirm(plan.id, requester);
  if (confirmed.kind !== 'confirmed') {
    say(`resend-activation: ${confirmed.message}`);
    return EXIT.usage;
  }
  const report = await runWithProgress(service, plan, requester, {
    show: async (text) => {
      if (plan.counts.send >= PROGRESS_FROM_USERS) say(text);
    },
    force: args.force,
  });
  out(renderReportText(describeReport(report)));
  if (report.counts.inDoubt > 0) {
    const who = report.results.filter((r) => r.reason === 'in_doubt').map((r) => safeText(r.login ?? r.identifier.raw));
    say(`resend-activation: ${report.counts.inDoubt} user(s) in doubt (Okta did not answer in time; an email may have gone out): ${who.join(', ')}. Check them in Okta first; to send anyway, run again for them with --force.`);
  }
  if (args.csv) await writeFile(args.csv, reportToCsv(report));
  if (args.json) io.stdout.write(`${JSON.stringify({ plan: planToJson(plan), report: reportToJson(report) }, null, 2)}\n`);
  return report.counts.failed > 0 ? EXIT.failures : inputProblems;
}

/**
 * --at: the plan is scheduled in this process's store and the command waits for it, like `at`
 * (Ctrl-C cancels); at the time everyone is looked up and planned again, then sent and reported.
 */
async function scheduleAndWait(
  service: ResendService,
  plan: Plan,
  requester: Requester,
  args: CliArgs,
  { say, out, io, inputProblems }: { say: (text: string) => void; out: (text: string) => void; io: CliIo; inputProblems: number },
): Promise<number> {
  const timeZone = args.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const when: ScheduleRequest = args.at === 'start-date' ? { kind: 'start_dates', timeZone } : { kind: 'at', localDateTime: args.at ?? '', timeZone };
  const reports: RunReport[] = [];
  service.onOnboarding('cli', {
    scheduledRun: async ({ job, plan: due }) => {
      out(`It is time (${job.startDate ? `start date ${job.startDate}` : 'as scheduled'}): sending.`);
      out(renderPlanText(describePlan(due)));
      const report = await runWithProgress(service, due, requester, { show: async (text) => say(text), ...(args.force ? { force: true } : {}) });
      out(renderReportText(describeReport(report)));
      reports.push(report);
    },
    scheduledNothing: async ({ message }) => say(`resend-activation: ${safeText(message)}`),
    followUp: async () => undefined,
    delivery: async () => undefined,
  });
  const scheduled = await service.schedule(plan.id, requester, when, null);
  if (scheduled.kind !== 'scheduled') {
    say(`resend-activation: ${safeText(scheduled.message)}`);
    return EXIT.usage;
  }
  for (const line of scheduled.schedules) out(`Scheduled: ${safeText(line.when)} — ${line.count} user(s). Waiting here until then (Ctrl-C cancels; nothing is sent before).`);
  for (const line of scheduled.notScheduled) say(`  not scheduled: ${safeText(line)}`);
  while ((await service.listScheduled(requester)).length > 0) {
    await service.runDueWork();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  await service.runDueWork();
  if (args.json) io.stdout.write(`${JSON.stringify({ plan: planToJson(plan), reports: reports.map(reportToJson) }, null, 2)}\n`);
  const failed = reports.some((report) => report.counts.failed > 0) || scheduled.notScheduled.length > 0;
  return failed ? EXIT.failures : inputProblems;
}

/** Skips that mean "the list named someone we could not act on", as opposed to a status reason. */
const UNRESOLVED: ReadonlySet<string> = new Set(['not_found', 'ambiguous', 'lookup_failed']);
/** Short runs finish before the first progress line would be useful. */
const PROGRESS_FROM_USERS = 10;
