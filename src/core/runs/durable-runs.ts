import { RunHandedOverError } from '../errors.ts';
import type { Execution, RunProgress } from '../execute-plan.ts';
import type { LifecycleAction } from '../lifecycle.ts';
import type { PlanEntry } from '../plan.ts';
import type { Surface } from '../requester.ts';
import { countOutcomes, type EntryResult, type RunReport } from '../run-report.ts';
import type { KeyValueStore } from '../store.ts';
import type { DurableRun, RunJournal } from './durable-run.ts';
import { IN_DOUBT_HINT, inDoubtMessage, inDoubtWhy, type LogVerdict } from './in-doubt.ts';
import { RunStore } from './run-store.ts';
import { RunSupervisor, type RunHold } from './run-supervisor.ts';
import { takeBulkTurn, type BulkTurn } from './bulk-turn.ts';

export interface DriveHooks {
  readonly onProgress?: (progress: RunProgress) => void;
  /** The run waits for another bulk run in the org to finish first (told once). */
  readonly onWaiting?: (why: string) => void;
}

/** A run this process took over from one that died or was drained; the surface reports it. */
export interface ResumedRun {
  readonly run: DurableRun;
  /** Users settled before the takeover (in-doubt ones included). */
  readonly doneBefore: number;
  readonly total: number;
  /** Runs the users not done yet; resolves with the whole run's report. */
  execute(hooks?: DriveHooks): Promise<RunReport>;
}

/** A surface's way of reporting a resumed run into its thread (Slack, Teams). */
export type ResumeHandler = (resumed: ResumedRun) => Promise<void>;

export interface DurableRunsDeps {
  readonly store: KeyValueStore;
  readonly leaseSeconds: number;
  /** Runs of at least this many emails take turns at the org's rate limit (bulk-turn.ts). */
  readonly bulkRunMinUsers: number;
  /** Executes the plan's users not known yet, writing through the journal. */
  readonly execute: (run: DurableRun, journal: RunJournal, hooks: DriveHooks) => Promise<Execution>;
  /** Every finished run (the audit's outcome line, the follow-ups it queues); awaited before the report is returned. */
  readonly onFinished: (run: DurableRun, report: RunReport) => Promise<void>;
  /** Asks Okta's System Log whether a call in flight at a crash happened; absent: cannot. */
  readonly lifecycleLogged?: (userId: string, action: LifecycleAction, sinceMs: number) => Promise<LogVerdict>;
  readonly onError: (error: unknown, what: string) => void;
  /** A run taken over here, or handed over by this process (the audit records both). */
  readonly onChangedHands: (event: { type: 'run_taken_over' | 'run_handed_over'; planId: string; owner: string; done: number; total: number }) => void;
  readonly now: () => number;
}

/**
 * Confirmed plans as durable runs: written as they go, held by one process at a time (a lease),
 * taken over when their process died, handed over on shutdown. In-memory stores use the same
 * path; only there a run cannot outlive its process, so a shutdown reports the rest as not sent.
 */
export class DurableRuns {
  readonly runs: RunStore;
  readonly supervisor: RunSupervisor;
  private readonly handlers = new Map<Surface, ResumeHandler>();
  private readonly resuming = new Set<Promise<void>>();
  private recoveryTimer: NodeJS.Timeout | null = null;
  private recovering: Promise<void> | null = null;

  constructor(private readonly deps: DurableRunsDeps) {
    this.runs = new RunStore(deps.store);
    this.supervisor = new RunSupervisor(this.runs, { leaseSeconds: deps.leaseSeconds, onError: (error, runId) => deps.onError(error, `renewing the lease of run ${runId}`) });
  }

  onResumed(surface: Surface, handler: ResumeHandler): void {
    this.handlers.set(surface, handler);
  }

  /** A new run: recorded, held by this process, and driven from the first user. */
  async start(run: DurableRun, hooks: DriveHooks): Promise<RunReport> {
    await this.runs.create(run);
    // Confirmed while this process drains: with a durable store the run waits for the next
    // process; in memory it is held here and stops at once (its users are reported not sent).
    const hold = await this.supervisor.tryHold(run.id, !this.deps.store.durable);
    if (!hold) {
      this.deps.onChangedHands({ type: 'run_handed_over', planId: run.id, owner: this.supervisor.owner, done: 0, total: run.plan.entries.length });
      throw new RunHandedOverError(0, run.plan.entries.length);
    }
    return this.drive(run, hold, new Map(), hooks);
  }

  /** Looks for runs whose process is gone now, then every interval (a third of the lease). */
  startRecovery(): void {
    if (this.recoveryTimer) return;
    void this.recover();
    this.recoveryTimer = setInterval(() => void this.recover(), Math.max(250, (this.deps.leaseSeconds * 1000) / 3));
    this.recoveryTimer.unref();
  }

  /** Takes over every orphaned run a surface here can report; resolves once each has started. */
  recover(): Promise<void> {
    if (this.recovering || this.supervisor.isDraining) return this.recovering ?? Promise.resolve();
    this.recovering = this.recoverOnce()
      .catch((error: unknown) => this.deps.onError(error, 'looking for runs to take over'))
      .finally(() => (this.recovering = null));
    return this.recovering;
  }

  /**
   * Shutdown: no further users are started here. With a durable store the leases are given back
   * as soon as the calls in flight end (another process finishes the runs); in memory the runs
   * may go on until `softDeadline`, since nobody could finish them after this process.
   */
  async drain(softDeadline: number, hardDeadline: number): Promise<void> {
    if (this.recoveryTimer) clearInterval(this.recoveryTimer);
    this.recoveryTimer = null;
    if (!this.deps.store.durable) await this.settledBy(softDeadline);
    await this.supervisor.drain(hardDeadline);
    await this.settledBy(hardDeadline);
  }

  /** Resumed runs still being reported here (tests and shutdown wait for them). */
  async idle(): Promise<void> {
    while (this.resuming.size > 0) await Promise.all([...this.resuming]);
  }

  private async settledBy(deadline: number): Promise<void> {
    if (this.supervisor.heldCount === 0 && this.resuming.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const waitAll = (async () => {
      while (this.supervisor.heldCount > 0 || this.resuming.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    })();
    await Promise.race([waitAll, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
    clearTimeout(timer);
  }

  private async recoverOnce(): Promise<void> {
    for (const runId of await this.supervisor.orphans()) {
      const run = await this.runs.get(runId);
      if (!run) {
        await this.runs.forget([runId]);
        continue;
      }
      const handler = this.handlers.get(run.surface);
      // A replica without this surface leaves the run to one that has it.
      if (!handler) continue;
      const hold = await this.supervisor.tryHold(runId);
      if (!hold) continue;
      const job = this.resume(run, hold, handler)
        .catch((error: unknown) => this.deps.onError(error, `resuming run ${runId}`))
        .finally(() => {
          this.resuming.delete(job);
          // A handler that never drove the run gives it back for another try.
          void hold.release().catch(() => undefined);
        });
      this.resuming.add(job);
    }
  }

  private async resume(run: DurableRun, hold: RunHold, handler: ResumeHandler): Promise<void> {
    const known = await this.settledBefore(run);
    this.deps.onChangedHands({ type: 'run_taken_over', planId: run.id, owner: this.supervisor.owner, done: known.size, total: run.plan.entries.length });
    await handler({ run, doneBefore: known.size, total: run.plan.entries.length, execute: (hooks = {}) => this.drive(run, hold, known, hooks) });
  }

  /**
   * What the previous owner settled, and what it left in flight: those users are asked of the
   * System Log where the bot may read it, and otherwise reported in doubt — never called again.
   */
  private async settledBefore(run: DurableRun): Promise<Map<number, EntryResult>> {
    const known = new Map<number, EntryResult>();
    for (const [index, state] of await this.runs.userStates(run.id)) {
      const entry = run.plan.entries[index];
      if (!entry) continue;
      if (state.state === 'done') {
        known.set(index, state.result);
        continue;
      }
      const verdict = await this.askLog(state.userId, state.action, state.at);
      const result = verdict === 'logged' ? sentPerLog(entry, state.action) : inDoubt(entry, state.action, verdict);
      await this.runs.writeUser(run.id, index, { state: 'done', result });
      known.set(index, result);
    }
    return known;
  }

  private async askLog(userId: string, action: LifecycleAction, at: number): Promise<LogVerdict> {
    if (!this.deps.lifecycleLogged) return 'unknown';
    try {
      // A minute of margin: the clocks of this host and Okta differ a little.
      return await this.deps.lifecycleLogged(userId, action, at - 60_000);
    } catch (error) {
      this.deps.onError(error, 'reading the System Log');
      return 'unknown';
    }
  }

  private async drive(run: DurableRun, hold: RunHold, known: ReadonlyMap<number, EntryResult>, hooks: DriveHooks): Promise<RunReport> {
    const journal: RunJournal = {
      known,
      inFlight: async (index, userId, action) => {
        // Not ours any more (handed over at a deadline, or the lease lapsed): no new call from here.
        if (!hold.active()) throw new Error('the run was handed over');
        await this.runs.writeUser(run.id, index, { state: 'in_flight', userId, action, at: this.deps.now() });
      },
      done: async (index, result) => {
        // A call that answered after the hand-over: the next owner already settled this user.
        if (hold.active()) await this.runs.writeUser(run.id, index, { state: 'done', result });
      },
      stopping: () => hold.stopping(),
    };
    let execution: Execution;
    let turn: BulkTurn | null = null;
    try {
      const bulk = run.plan.counts.send >= this.deps.bulkRunMinUsers;
      if (bulk) {
        turn = await takeBulkTurn(this.deps.store, run.id, this.deps.leaseSeconds, () => hold.stopping(), () =>
          hooks.onWaiting?.('Waiting for another bulk run in this Okta org to finish first: they share its rate limit, so taking turns is as fast overall and sends no request into a 429.'),
        );
      }
      // No turn because of a shutdown while waiting: nothing started, the whole run is handed over.
      execution = turn || !bulk ? await this.deps.execute(run, journal, hooks) : unstarted(run, known, this.deps.now());
    } catch (error) {
      await hold.release().catch(() => undefined);
      throw error;
    } finally {
      await turn?.release();
    }
    const missing = execution.results.filter((result) => result === undefined).length;
    if (missing > 0 && (this.deps.store.durable || hold.lost())) {
      await hold.release().catch((error: unknown) => this.deps.onError(error, `handing over run ${run.id}`));
      const done = execution.results.length - missing;
      this.deps.onChangedHands({ type: 'run_handed_over', planId: run.id, owner: this.supervisor.owner, done, total: execution.results.length });
      throw new RunHandedOverError(done, execution.results.length);
    }
    const results = execution.results.map((result, index) => result ?? notStarted(run.plan.entries[index] as PlanEntry));
    const report: RunReport = {
      planId: run.plan.id,
      requester: run.plan.requester,
      confirmedBy: run.confirmedBy,
      startedAt: run.startedAt,
      finishedAt: execution.finishedAt,
      results,
      rejected: run.plan.rejected,
      counts: countOutcomes(results),
    };
    await this.runs.finish(report).catch((error: unknown) => this.deps.onError(error, `recording the end of run ${run.id}`));
    await hold.release().catch(() => undefined);
    await this.deps.onFinished(run, report);
    return report;
  }
}

function unstarted(run: DurableRun, known: ReadonlyMap<number, EntryResult>, now: number): Execution {
  return { startedAt: now, finishedAt: now, results: run.plan.entries.map((_, index) => known.get(index)) };
}

function baseOf(entry: PlanEntry): Omit<EntryResult, 'outcome' | 'reason' | 'message' | 'hint'> {
  return { identifier: entry.identifier, userId: entry.user?.id ?? null, login: entry.user?.login ?? null, statusBefore: entry.user?.status ?? null, action: null, requestId: null, restricted: entry.restricted };
}

function sentPerLog(entry: PlanEntry, action: LifecycleAction): EntryResult {
  return { ...baseOf(entry), action, outcome: 'sent', reason: null, message: `Sent (${action}): the bot stopped while the call was in flight, and Okta's System Log shows it went through.`, hint: null };
}

function inDoubt(entry: PlanEntry, action: LifecycleAction, verdict: LogVerdict): EntryResult {
  return { ...baseOf(entry), action, outcome: 'failed', reason: 'in_doubt', message: inDoubtMessage(inDoubtWhy(action, verdict)), hint: IN_DOUBT_HINT };
}

function notStarted(entry: PlanEntry): EntryResult {
  return { ...baseOf(entry), outcome: 'failed', reason: 'not_started', message: 'Not sent: the bot was shut down before this user’s turn.', hint: 'Ask again: nothing was sent to this user.' };
}
