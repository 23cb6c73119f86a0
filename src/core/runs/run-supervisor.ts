import { randomBytes } from 'node:crypto';
import type { RunStore } from './run-store.ts';

/** A run this process holds the lease of. */
export interface RunHold {
  readonly runId: string;
  /** True once this process must start no further user: shutdown, or the lease was lost. */
  stopping(): boolean;
  /** The lease lapsed and may be someone else's: this process must not finish the run. */
  lost(): boolean;
  /** Gives the lease back (the run is over, or handed over); stops renewing. */
  release(): Promise<void>;
  /** False once released or lost: a late answer must not write over the next owner's state. */
  active(): boolean;
}

export interface SupervisorOptions {
  readonly leaseSeconds: number;
  /** Told of store errors while renewing (the run goes on; a lapsed lease stops it). */
  readonly onError?: (error: unknown, runId: string) => void;
}

/**
 * Leases on durable runs: exactly one process drives a run at a time. The lease is renewed at a
 * third of its life; if renewal finds it gone (this process stalled, or lost the store for longer
 * than the lease), the run stops taking users here, because another process may own it now.
 */
export class RunSupervisor {
  /** This process among the replicas sharing the store. */
  readonly owner = `${process.pid}-${randomBytes(6).toString('hex')}`;
  private readonly holds = new Map<string, { hold: RunHold; stop: () => void; settled: Promise<void> }>();
  private draining = false;

  constructor(
    private readonly runs: RunStore,
    private readonly options: SupervisorOptions,
  ) {}

  get leaseSeconds(): number {
    return this.options.leaseSeconds;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Takes the lease if nobody holds it; null when someone does, or when this process is draining
   * (unless `whileDraining`: a run that no other process could take, which then stops at once).
   */
  async tryHold(runId: string, whileDraining = false): Promise<RunHold | null> {
    if ((this.draining && !whileDraining) || this.holds.has(runId)) return null;
    if (!(await this.runs.acquireLease(runId, this.owner, this.options.leaseSeconds))) return null;
    return this.track(runId);
  }

  /** Runs not finished whose lease lapsed: their process died (or was drained). */
  async orphans(): Promise<string[]> {
    const ids = await this.runs.activeIds();
    const free: string[] = [];
    for (const id of ids) {
      if (this.holds.has(id)) continue;
      if ((await this.runs.leaseHolder(id)) === undefined) free.push(id);
    }
    return free;
  }

  /** Stops every run here from taking new users (calls in flight finish). */
  stopAll(): void {
    this.draining = true;
    for (const { stop } of this.holds.values()) stop();
  }

  /** Resolves when every held run gave its lease back, or at the deadline (then gives them back itself). */
  async drain(deadline: number): Promise<void> {
    this.stopAll();
    const settled = Promise.all([...this.holds.values()].map((entry) => entry.settled));
    const left = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
    clearTimeout(timer);
    // Whatever is still running (a hung Okta call) is left in flight in the store: the next owner
    // reports those users in doubt instead of calling again.
    await Promise.all([...this.holds.values()].map(({ hold }) => hold.release().catch(() => undefined)));
  }

  /** How many runs this process drives right now (for /readyz and logs). */
  get heldCount(): number {
    return this.holds.size;
  }

  private track(runId: string): RunHold {
    let stopped = false;
    let lost = false;
    let released = false;
    let markSettled: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (markSettled = resolve));
    const renew = setInterval(() => {
      this.runs
        .renewLease(runId, this.owner, this.options.leaseSeconds)
        .then((held) => {
          if (!held && !released) {
            lost = true;
            stopped = true;
          }
        })
        .catch((error: unknown) => this.options.onError?.(error, runId));
    }, Math.max(200, (this.options.leaseSeconds * 1000) / 3));
    renew.unref();
    const hold: RunHold = {
      runId,
      stopping: () => stopped || this.draining,
      lost: () => lost,
      active: () => !released && !lost,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        this.holds.delete(runId);
        markSettled();
        if (!lost) await this.runs.releaseLease(runId, this.owner);
      },
    };
    this.holds.set(runId, { hold, stop: () => (stopped = true), settled });
    return hold;
  }
}
