import { createInterface } from 'node:readline';
import type { Plan } from '../core/plan.ts';
import type { Requester } from '../core/requester.ts';
import type { RequestInput, ResendService } from '../core/resend-service.ts';
import { runWithProgress } from '../core/run-with-progress.ts';
import { describePlan } from '../core/views/plan-view.ts';
import { describeReport } from '../core/views/report-view.ts';
import { readInputFile } from '../cli/read-input-file.ts';
import { renderPlanText, renderReportText, safeText } from '../terminal/render-text.ts';
import { CONSOLE_THREAD, registerConsoleOnboarding } from './console-onboarding.ts';

export const CONSOLE_HELP = `Commands:
  /resend-activation alice.nguyen@corp.example bob.li@corp.example   plan resends (logins, emails, Okta ids)
  /upload PATH            plan resends for a CSV/TSV/TXT file
  confirm | cancel        answer the plan shown last
  reset | restore         instead: password-reset emails for active users (helpdesk) /
                          reactivate deactivated accounts (admins) — each confirmed separately
  schedule WHEN           schedule the plan shown instead of sending it now: "in 30s", "in 5m",
                          2026-12-07T08:00 (this machine's time zone) or start-date (a file's
                          Start date column, each person on their day at SCHEDULE_TIME)
  scheduled               what is scheduled;  unschedule ID   cancel one
  pending                 plan a resend to the people the last follow-up named as not activated
  users                   list the demo users and their statuses
  outbox                  emails the simulator "sent" so far
  help | quit`;

export interface ConsoleChatOptions {
  readonly service: ResendService;
  readonly requester: Requester;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Extra demo commands (users, outbox) answered by the embedded simulator. */
  readonly extras?: Readonly<Record<string, () => string>>;
  readonly progressIntervalMs?: number;
}

/**
 * A chat in the terminal that speaks the same core as Slack and Teams: the demo's surface.
 * Resolves when the input ends or the user types quit.
 */
export function runConsoleChat(options: ConsoleChatOptions): Promise<void> {
  const { service, requester, output } = options;
  const print = (text: string): void => {
    output.write(`${text}\n`);
  };
  const rl = createInterface({ input: options.input, terminal: false });
  let pending: Plan | null = null;
  /** The last plan shown, which may offer alternatives even when nothing is pending. */
  let lastPlan: Plan | null = null;
  /** The run whose follow-up named people still pending ("pending" resends to them). */
  let pendingRun: string | null = null;
  registerConsoleOnboarding(service, requester, print, (runId) => (pendingRun = runId), options.progressIntervalMs);

  const plan = async (input: RequestInput) => {
    const outcome = await service.prepare(requester, input);
    if (outcome.kind !== 'planned') {
      print(safeText(outcome.message));
      if (outcome.kind === 'nothing') for (const r of outcome.parsed.rejected) print(`  line ${r.line}: ${safeText(r.raw)} — ${r.reason}`);
      return;
    }
    show(outcome.plan);
  };

  const show = (shown: Plan) => {
    const view = describePlan(shown);
    lastPlan = shown;
    pending = null;
    print(renderPlanText(view));
    for (const offer of view.offers) print(`  Also possible: ${offer.label} — type "${offer.alternative === 'reset_password' ? 'reset' : 'restore'}".`);
    if (view.canConfirm) {
      pending = shown;
      print(`Type "confirm" to ${view.confirmLabel.toLowerCase()}, or "cancel". (Expires in ${view.expiresInMinutes} min.)`);
    }
  };

  const settle = async (confirm: boolean) => {
    const current = pending;
    pending = null;
    if (!current) return print('No plan is waiting. Start with /resend-activation …');
    if (!confirm) {
      const cancelled = await service.cancel(current.id, requester);
      return print(cancelled.kind === 'cancelled' ? 'Cancelled: nothing was sent.' : cancelled.message);
    }
    const confirmed = await service.confirm(current.id, requester);
    if (confirmed.kind !== 'confirmed') return print(confirmed.message);
    const report = await runWithProgress(service, confirmed.plan, requester, {
      show: async (text) => print(text),
      intervalMs: options.progressIntervalMs,
      replyTo: CONSOLE_THREAD,
    });
    print(renderReportText(describeReport(report)));
  };

  /** "in 30s", "in 5m", a local date and time, or start-date: the pending plan goes out then instead. */
  const schedule = async (when: string) => {
    const current = pending;
    if (!current) return print('No plan is waiting. Start with /resend-activation …');
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const relative = /^in\s+(\d+)\s*([smh])$/i.exec(when.trim());
    const localDateTime = relative ? localIn(Number(relative[1]) * { s: 1, m: 60, h: 3600 }[relative[2]!.toLowerCase() as 's' | 'm' | 'h'] * 1000, timeZone) : when.trim();
    const request = when.trim().toLowerCase() === 'start-date' ? { kind: 'start_dates' as const, timeZone } : { kind: 'at' as const, localDateTime, timeZone };
    const outcome = await service.schedule(current.id, requester, request, CONSOLE_THREAD);
    if (outcome.kind !== 'scheduled') return print(safeText(outcome.message));
    pending = null;
    for (const line of outcome.schedules) print(`Scheduled ${line.id}: ${line.when}, ${line.count} user(s). Everyone is looked up again then; "scheduled" lists it, "unschedule ${line.id}" cancels it.`);
    for (const line of outcome.notScheduled) print(`  not scheduled: ${safeText(line)}`);
  };

  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    const [word = '', ...rest] = text.split(/\s+/);
    const command = word.toLowerCase();
    if (!text) return true;
    if (command === 'quit' || command === 'exit') return false;
    if (command === 'help' || command === '/help') print(CONSOLE_HELP);
    else if (command === '/resend-activation') {
      const args = text.slice(word.length).trim();
      await (args === '' || args.toLowerCase() === 'help' ? print(CONSOLE_HELP) : plan({ kind: 'text', text: args }));
    } else if (command === '/upload') {
      const path = rest.join(' ');
      try {
        await plan({ kind: 'file', ...(await readInputFile(path, service.settings.limits.maxFileBytes)) });
      } catch (error) {
        print(`Cannot read ${safeText(path)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    } else if (command === 'confirm' || command === 'yes' || command === 'y') await settle(true);
    else if (command === 'cancel' || command === 'no' || command === 'n') await settle(false);
    else if (command === 'reset' || command === 'restore') {
      if (!lastPlan) print('No plan yet. Start with /resend-activation …');
      else {
        const outcome = await service.prepareAlternative(lastPlan.id, requester, command === 'reset' ? 'reset_password' : 'activate_deprovisioned');
        if (outcome.kind === 'planned') show(outcome.plan);
        else print(outcome.message);
      }
    }
    else if (command === 'schedule') await schedule(rest.join(' '));
    else if (command === 'scheduled') {
      const lines = await service.listScheduled(requester);
      print(lines.length === 0 ? 'Nothing is scheduled.' : lines.map((l) => `  ${l.id}  ${l.when}  ${safeText(l.who)}`).join('\n'));
    } else if (command === 'unschedule') {
      const outcome = await service.cancelScheduled(rest[0] ?? '', requester);
      print(outcome.kind === 'cancelled' ? `Cancelled: ${outcome.schedule.when}, nothing will be sent.` : outcome.message);
    } else if (command === 'pending') {
      if (!pendingRun) print('No follow-up has named anyone still pending yet.');
      else {
        const outcome = await service.prepareFollowUpResend(pendingRun, requester);
        if (outcome.kind === 'planned') show(outcome.plan);
        else print(outcome.message);
      }
    }
    else if (options.extras?.[command]) print(options.extras[command]());
    else print(`Unknown command "${safeText(word)}". Type help.`);
    return true;
  };

  return new Promise((resolve) => {
    let queue = Promise.resolve(true);
    output.write('> ');
    rl.on('line', (line) => {
      // One command at a time, in order, even when lines arrive faster than Okta answers.
      queue = queue.then(async (open) => {
        if (!open) return false;
        const keepGoing = await handle(line).catch((error: unknown) => {
          print(`Error: ${error instanceof Error ? error.message : String(error)}`);
          return true;
        });
        if (!keepGoing) rl.close();
        else output.write('> ');
        return keepGoing;
      });
    });
    rl.on('close', () => void queue.then(() => resolve()));
  });
}

/** The local date and time `ms` from now in a zone, as 2026-12-07T08:00:30. */
function localIn(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + ms));
  return parts.replace(' ', 'T');
}
