import type { KeyValueStore } from '../store.ts';
import type { RunReport } from '../run-report.ts';
import type { DurableRun, UserRunState } from './durable-run.ts';

/**
 * Runs are kept for eight days: long enough for follow-ups on who activated within an
 * activation link's default seven days, short enough not to grow without end.
 */
const KEEP_SECONDS = 8 * 24 * 60 * 60;
const ACTIVE_KEY = 'runs:active';

/** Durable runs in the store: the record, per-user state, the lease, the index of unfinished runs. */
export class RunStore {
  constructor(private readonly store: KeyValueStore) {}

  async create(run: DurableRun): Promise<void> {
    await this.store.set(this.recordKey(run.id), run, KEEP_SECONDS);
    await this.store.addToSet(ACTIVE_KEY, run.id, KEEP_SECONDS);
  }

  get(runId: string): Promise<DurableRun | undefined> {
    return this.store.get<DurableRun>(this.recordKey(runId));
  }

  /** Per-user state by plan entry index; users with no entry are still waiting. */
  async userStates(runId: string): Promise<Map<number, UserRunState>> {
    const all = await this.store.hashGetAll<UserRunState>(this.usersKey(runId));
    return new Map(Object.entries(all).map(([index, state]) => [Number(index), state]));
  }

  writeUser(runId: string, index: number, state: UserRunState): Promise<void> {
    return this.store.hashSet(this.usersKey(runId), String(index), state, KEEP_SECONDS);
  }

  /** The run is over: its report is kept (follow-ups read it) and no process will take it again. */
  async finish(report: RunReport): Promise<void> {
    await this.store.set(this.reportKey(report.planId), report, KEEP_SECONDS);
    await this.store.removeFromSet(ACTIVE_KEY, [report.planId]);
  }

  report(runId: string): Promise<RunReport | undefined> {
    return this.store.get<RunReport>(this.reportKey(runId));
  }

  /** Runs not finished yet: those whose lease lapsed are orphans to take over. */
  activeIds(): Promise<string[]> {
    return this.store.setMembers(ACTIVE_KEY);
  }

  /** A run whose record is gone (expired) can never be finished: it leaves the index. */
  forget(runIds: readonly string[]): Promise<void> {
    return this.store.removeFromSet(ACTIVE_KEY, runIds);
  }

  /** One owner at a time: true when this owner now holds the run. */
  acquireLease(runId: string, owner: string, seconds: number): Promise<boolean> {
    return this.store.setIfAbsent(this.leaseKey(runId), owner, seconds);
  }

  /** false: the lease lapsed (and may be someone else's now): the owner must stop. */
  renewLease(runId: string, owner: string, seconds: number): Promise<boolean> {
    return this.store.renewIfEquals(this.leaseKey(runId), owner, seconds);
  }

  async releaseLease(runId: string, owner: string): Promise<void> {
    await this.store.deleteIfEquals(this.leaseKey(runId), owner);
  }

  async leaseHolder(runId: string): Promise<string | undefined> {
    return this.store.get<string>(this.leaseKey(runId));
  }

  private recordKey(id: string): string {
    return `run:${id}`;
  }

  private usersKey(id: string): string {
    return `run-users:${id}`;
  }

  private leaseKey(id: string): string {
    return `run-lease:${id}`;
  }

  private reportKey(id: string): string {
    return `run-report:${id}`;
  }
}
