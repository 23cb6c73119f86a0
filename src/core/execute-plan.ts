import type { DirectoryErrorCode, LifecycleAction, LifecycleResult, ReadObserver, UserDirectory } from './lifecycle.ts';
import type { Plan, PlanEntry } from './plan.ts';
import type { Requester } from './requester.ts';
import type { DirectoryUser } from './directory-user.ts';
import { decideFor, type PolicyDecision } from './resend-policy.ts';
import { countOutcomes, type EntryResult, type RunCounts, type RunReason } from './run-report.ts';
import type { SuppressionWindow } from './suppression.ts';
import type { RunJournal } from './runs/durable-run.ts';
import { IN_DOUBT_HINT, inDoubtMessage } from './runs/in-doubt.ts';

export interface RunProgress {
  readonly done: number;
  readonly total: number;
  readonly counts: RunCounts;
}

/** One lifecycle call as it went to Okta: a re-planned user makes two. */
export interface LifecycleCall {
  readonly userId: string;
  readonly login: string;
  readonly action: LifecycleAction;
  /** The status the call was decided on (the plan's, or the re-read one). */
  readonly statusBefore: string;
  /** 1, or 2 after Okta said the status had moved and the user was re-read. */
  readonly attempt: 1 | 2;
  readonly result: LifecycleResult;
}

export interface ExecuteOptions {
  readonly directory: UserDirectory;
  readonly suppression: SuppressionWindow;
  /** Lifecycle calls in flight at once; Okta's own pacing happens in the gateway. */
  readonly concurrency: number;
  readonly confirmedBy: Requester;
  /** Send even inside the suppression window (an explicit operator choice). */
  readonly force?: boolean;
  readonly now?: () => number;
  readonly onProgress?: (progress: RunProgress) => void;
  readonly onResult?: (result: EntryResult) => void;
  /** Every lifecycle call, as soon as Okta answered it (the audit trail records each one). */
  readonly onCall?: (call: LifecycleCall) => void;
  /** What the users waiting for an approver are told (default: waiting); set when nobody could be asked. */
  readonly awaitingApprovalMessage?: string;
  /** Every read of a user right before their call, and after Okta said the status moved (the audit trail records reads too). */
  readonly onRead?: (userId: string) => ReadObserver;
  /** A durable run's record: each user's state is written as it goes, and a stop is honoured. */
  readonly journal?: RunJournal;
}

/** What an execution got through: a result per plan entry, or a hole for users never started (a stop). */
export interface Execution {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly results: readonly (EntryResult | undefined)[];
}

/** Errors after which Okta certainly sent nothing, so the suppression claim is given back. */
const NOTHING_SENT: ReadonlySet<DirectoryErrorCode> = new Set([
  'already_active',
  'not_allowed_in_status',
  'not_found',
  'rate_limited',
  'forbidden',
  'unauthorized',
  'invalid_request',
]);

const SENT_MESSAGES: Record<LifecycleAction, string> = {
  activate: 'Activation email sent (activate).',
  reactivate: 'Activation email sent again (reactivate).',
  reset_password: 'Password-reset email sent (reset_password).',
};

const STATUS_MOVED: ReadonlySet<DirectoryErrorCode> = new Set(['already_active', 'not_allowed_in_status']);

/**
 * Runs a confirmed plan: each user at most once, bounded concurrency, results in plan order.
 * With a journal, users settled before (a resumed run) are not run again, and once the journal
 * says stop no further user is started: the calls in flight finish, the rest stay holes.
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<Execution> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const { journal } = options;
  // Filled, not sparse: callers count the holes (`filter` and `map` skip a sparse array's).
  const results: (EntryResult | undefined)[] = Array.from({ length: plan.entries.length }, () => undefined);
  const total = plan.entries.length;
  const pending: number[] = [];
  for (let index = 0; index < total; index += 1) {
    const known = journal?.known.get(index);
    if (known) results[index] = known;
    else pending.push(index);
  }
  let done = total - pending.length;
  let next = 0;
  // RESEND_CONCURRENCY bounds the pool; within it the directory may suggest how many calls keep
  // the org's rate limit busy (UserDirectory.lifecycleConcurrency). The pool follows it between
  // users: it grows after each user, and shrinks by letting a worker end.
  const bound = Math.max(1, Math.min(options.concurrency, pending.length));
  const wanted = (): number => Math.max(1, Math.min(bound, Math.floor(options.directory.lifecycleConcurrency?.() ?? bound)));
  let active = 0;
  const runs: Promise<void>[] = [];
  let failure: { readonly error: unknown } | null = null;
  const grow = (): void => {
    while (active < wanted() && next < pending.length && !journal?.stopping()) {
      runs.push(worker().catch((error: unknown) => void (failure ??= { error })));
    }
  };

  const worker = async (): Promise<void> => {
    active += 1;
    let counted = true;
    try {
      while (next < pending.length && !journal?.stopping()) {
        // Checked and counted down in one step: two workers must not both leave on a stale count.
        if (active > wanted()) {
          active -= 1;
          counted = false;
          return;
        }
        await runOne();
      }
    } finally {
      if (counted) active -= 1;
    }
  };
  const runOne = async (): Promise<void> => {
    const index = pending[next++] as number;
    const entry = plan.entries[index] as PlanEntry;
    const result = await runEntry(plan, entry, index, options).catch((error: unknown) =>
      failed(entry, 'unavailable', `Unexpected error: ${error instanceof Error ? error.message : String(error)}`),
    );
    // A failed write leaves the user "in flight" in the store: a later owner reports them in
    // doubt rather than calling again, which is the safe side.
    await journal?.done(index, result).catch(() => undefined);
    results[index] = result;
    done += 1;
    options.onResult?.(result);
    options.onProgress?.({ done, total, counts: countOutcomes(results.filter((r): r is EntryResult => r !== undefined)) });
    grow();
  };
  grow();
  // Workers started while waiting are waited for too.
  for (let waited = 0; waited < runs.length; ) {
    waited = runs.length;
    await Promise.all(runs);
  }
  if (failure) throw (failure as { readonly error: unknown }).error;
  return { startedAt, finishedAt: now(), results };
}

async function runEntry(plan: Plan, entry: PlanEntry, index: number, options: ExecuteOptions): Promise<EntryResult> {
  const { decision, user } = entry;
  if (decision.kind === 'skip' || !user) {
    const message = decision.kind === 'skip' ? decision.message : 'No user.';
    const hint = decision.kind === 'skip' ? decision.hint : null;
    return base(entry, { outcome: 'skipped', reason: decision.kind === 'skip' ? decision.reason : 'not_found', message, hint });
  }
  if (entry.authority === 'approval') {
    return base(entry, { outcome: 'skipped', reason: 'awaiting_approval', message: options.awaitingApprovalMessage ?? 'Waiting for an approver.', hint: null });
  }
  const { suppression } = options;
  const claimed = await suppression.claim(user.id, plan.id);
  // Held by this very run, yet not in its journal: a previous owner of the run claimed the user
  // and stopped before recording the call (the record is written before it goes out). If that
  // process is only stalled it may still make the call, so this one does not: in doubt.
  if (!claimed && options.journal && (await suppression.holder(user.id)) === plan.id) {
    return { ...failed(entry, 'in_doubt', inDoubtMessage('a previous bot process was handling this user when it stopped, before the call was recorded')), hint: IN_DOUBT_HINT };
  }
  if (!claimed && !options.force) {
    return base(entry, {
      outcome: 'skipped',
      reason: 'recently_sent',
      message: `An email already went to this user in the last ${suppression.windowMinutes} minutes.`,
      hint: 'Wait for the window to pass, or run again with force if you are sure.',
    });
  }
  // A claim is given back only by the run that holds it: a forced run never frees the claim of
  // the run that emailed the user before; when its own email goes out, the window restarts.
  const release = async (): Promise<void> => {
    if (claimed) await suppression.release(user.id, plan.id);
  };
  const result = await callOkta(plan, entry, index, user.id, options, release);
  if (!claimed && result.outcome === 'sent') await suppression.renew(user.id, plan.id);
  return result;
}

/**
 * The user is read again right before the call: a plan can be minutes old (and search a second
 * behind), and Okta accepts some calls in statuses the table skips (activate restores a
 * DEPROVISIONED account; reactivate works on a RECOVERY user who had activated), so its refusals
 * alone cannot catch every change. The table is applied to what Okta says now. If Okta still
 * refuses because the status moved in between: one more read, the table again, never a loop.
 */
async function callOkta(
  plan: Plan,
  entry: PlanEntry,
  index: number,
  userId: string,
  options: ExecuteOptions,
  release: () => Promise<void>,
  attempt: 1 | 2 = 1,
  refused: RefusedCall = null,
): Promise<EntryResult> {
  const read = await readAgain(entry, userId, options, release, refused);
  if ('result' in read) return read.result;
  const { user } = read;
  const decided = decideFor(plan.kind, user);
  if (decided.kind === 'skip') return changedSincePlan(entry, user, decided, refused, release);
  if (options.journal) {
    try {
      await options.journal.inFlight(index, user.id, decided.action);
    } catch (error) {
      // Without the record a crash mid-call could not be told from "never called": no call.
      await release().catch(() => undefined);
      const detail = error instanceof Error ? error.message : String(error);
      return { ...failed(entry, 'unavailable', `Not sent: the run's state could not be recorded (${detail}).`, refused?.requestId ?? null, refused?.action ?? null), hint: 'Try again shortly.', statusBefore: user.status };
    }
  }
  const call = await options.directory.runLifecycle(user.id, decided.action);
  options.onCall?.({ userId: user.id, login: user.login, action: decided.action, statusBefore: user.status, attempt, result: call });
  if (call.ok) return { ...sent(entry, decided.action, call, decided.note), statusBefore: user.status };
  if (attempt === 2 || !STATUS_MOVED.has(call.code)) return { ...(await settleFailure(entry, decided.action, call, release)), statusBefore: user.status };
  return callOkta(plan, entry, index, userId, options, release, 2, { action: decided.action, requestId: call.requestId });
}

/** A lifecycle call Okta refused before this read, kept in the record (action and request id). */
type RefusedCall = { readonly action: LifecycleAction; readonly requestId: string | null } | null;

/** The user as Okta has them now, or the result when they cannot be read (nothing was sent: the claim goes back). */
async function readAgain(
  entry: PlanEntry,
  userId: string,
  options: ExecuteOptions,
  release: () => Promise<void>,
  refused: RefusedCall,
): Promise<{ readonly user: DirectoryUser } | { readonly result: EntryResult }> {
  let user: DirectoryUser | null;
  try {
    user = await options.directory.getUser(userId, options.onRead?.(userId));
  } catch (error) {
    await release();
    const detail = error instanceof Error ? error.message : String(error);
    const result = failed(entry, 'unavailable', `Okta did not answer when the user was read again, so nothing was sent (${detail}).`, refused?.requestId ?? null, refused?.action ?? null);
    return { result: { ...result, hint: 'Try again shortly.' } };
  }
  if (user) return { user };
  await release();
  return { result: failed(entry, 'not_found', 'The user no longer exists in Okta.', refused?.requestId ?? null, refused?.action ?? null) };
}

async function changedSincePlan(
  entry: PlanEntry,
  user: DirectoryUser,
  decision: Extract<PolicyDecision, { kind: 'skip' }>,
  refused: RefusedCall,
  release: () => Promise<void>,
): Promise<EntryResult> {
  await release();
  return {
    ...base(entry, { outcome: 'skipped', reason: decision.reason, message: `Changed in Okta since the plan: ${decision.message}`, hint: decision.hint }),
    statusBefore: user.status,
    action: refused?.action ?? null,
    requestId: refused?.requestId ?? null,
  };
}

async function settleFailure(
  entry: PlanEntry,
  action: LifecycleAction,
  result: Extract<LifecycleResult, { ok: false }>,
  release: () => Promise<void>,
): Promise<EntryResult> {
  if (result.code === 'email_recently_sent') {
    return {
      ...base(entry, { outcome: 'skipped', reason: 'recently_sent', message: 'Okta says an email went to this user seconds ago.', hint: null }),
      action,
      requestId: result.requestId,
    };
  }
  if (result.code === 'timeout') {
    // The call may have reached Okta: retrying could send a second email, so it is not retried
    // and the suppression claim stays (see in-doubt.ts).
    return { ...failed(entry, 'in_doubt', inDoubtMessage(`Okta did not answer in time (${result.summary})`), result.requestId, action), hint: IN_DOUBT_HINT };
  }
  if (NOTHING_SENT.has(result.code)) await release();
  const hint = result.code === 'unavailable' ? 'Okta did not answer clearly; check the user in Okta before retrying.' : null;
  return { ...failed(entry, result.code, result.summary, result.requestId, action), hint };
}

function base(
  entry: PlanEntry,
  fields: Pick<EntryResult, 'outcome' | 'reason' | 'message' | 'hint'>,
): EntryResult {
  return {
    identifier: entry.identifier,
    userId: entry.user?.id ?? null,
    login: entry.user?.login ?? null,
    statusBefore: entry.user?.status ?? null,
    action: null,
    requestId: null,
    restricted: entry.restricted,
    ...fields,
  };
}

function sent(
  entry: PlanEntry,
  action: LifecycleAction,
  result: LifecycleResult,
  note: string | null,
): EntryResult {
  const message = SENT_MESSAGES[action];
  return { ...base(entry, { outcome: 'sent', reason: null, message, hint: note }), action, requestId: result.requestId };
}

function failed(
  entry: PlanEntry,
  reason: DirectoryErrorCode | RunReason,
  message: string,
  requestId: string | null = null,
  action: LifecycleAction | null = null,
): EntryResult {
  return { ...base(entry, { outcome: 'failed', reason, message, hint: null }), action, requestId };
}
