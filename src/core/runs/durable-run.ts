import type { ReplyTarget } from '../approvals.ts';
import type { LifecycleAction } from '../lifecycle.ts';
import type { Plan } from '../plan.ts';
import type { Requester, Surface } from '../requester.ts';
import type { EntryResult } from '../run-report.ts';

/**
 * A confirmed plan that is running, as the store keeps it: enough for any process to finish it
 * in the same thread after the one that started it died or was drained.
 */
export interface DurableRun {
  readonly id: string;
  readonly plan: Plan;
  readonly confirmedBy: Requester;
  /** The surface whose process posts progress and results (and resumes the run). */
  readonly surface: Surface;
  /** Where progress and results go: a Slack thread, a Teams conversation (opaque to the core). */
  readonly replyTo: ReplyTarget | null;
  readonly force: boolean;
  /** What users waiting for an approver are told (set when nobody could be asked). */
  readonly awaitingApprovalMessage: string | null;
  readonly startedAt: number;
}

/**
 * One user's state in a run; a user with no state is still waiting. `in_flight` is written (and
 * awaited) before the lifecycle call goes out, `done` as soon as the outcome is known: a user
 * found in flight by the next owner may or may not have been emailed, so is never called blindly.
 */
export type UserRunState =
  | { readonly state: 'in_flight'; readonly userId: string; readonly action: LifecycleAction; readonly at: number }
  | { readonly state: 'done'; readonly result: EntryResult };

/** What a run's executor writes as it goes, and reads to know when to stop taking users. */
export interface RunJournal {
  /** Users settled before this process took the run (a resumed run), by plan entry index. */
  readonly known: ReadonlyMap<number, EntryResult>;
  /** Written before the lifecycle call; the call does not go out if this write fails. */
  inFlight(index: number, userId: string, action: LifecycleAction): Promise<void>;
  done(index: number, result: EntryResult): Promise<void>;
  /** True once this process stops taking new users (shutdown, or the lease was lost). */
  stopping(): boolean;
}
