import type { DirectoryErrorCode, LifecycleAction, LifecycleResult, ReadObserver, UserDirectory } from './lifecycle.ts';
import type { Plan, PlanEntry } from './plan.ts';
import type { Requester } from './requester.ts';
import type { DirectoryUser } from './directory-user.ts';
import { decideFor, type PolicyDecision } from './resend-policy.ts';
import { countOutcomes, type EntryResult, type RunCounts, type RunReport } from './run-report.ts';
import type { SuppressionWindow } from './suppression.ts';

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
  /** Every re-read of a user whose status moved (the audit trail records reads too). */
  readonly onRead?: (userId: string) => ReadObserver;
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

/** Runs a confirmed plan: each user at most once, bounded concurrency, results in plan order. */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<RunReport> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const results: EntryResult[] = new Array(plan.entries.length);
  const total = plan.entries.length;
  let done = 0;
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const entry = plan.entries[index] as PlanEntry;
      const result = await runEntry(plan, entry, options).catch((error: unknown) =>
        failed(entry, 'unavailable', `Unexpected error: ${error instanceof Error ? error.message : String(error)}`),
      );
      results[index] = result;
      done += 1;
      options.onResult?.(result);
      options.onProgress?.({ done, total, counts: countOutcomes(results.filter(Boolean)) });
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, total));
  await Promise.all(Array.from({ length: workers }, worker));

  return {
    planId: plan.id,
    requester: plan.requester,
    confirmedBy: options.confirmedBy,
    startedAt,
    finishedAt: now(),
    results,
    rejected: plan.rejected,
    counts: countOutcomes(results),
  };
}

async function runEntry(plan: Plan, entry: PlanEntry, options: ExecuteOptions): Promise<EntryResult> {
  const { decision, user } = entry;
  if (decision.kind === 'skip' || !user) {
    const message = decision.kind === 'skip' ? decision.message : 'No user.';
    const hint = decision.kind === 'skip' ? decision.hint : null;
    return base(entry, { outcome: 'skipped', reason: decision.kind === 'skip' ? decision.reason : 'not_found', message, hint });
  }
  if (entry.authority === 'approval') {
    return base(entry, { outcome: 'skipped', reason: 'awaiting_approval', message: 'Waiting for an approver.', hint: null });
  }
  const { suppression } = options;
  const claimed = await suppression.claim(user.id, plan.id);
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
    if (claimed) await suppression.release(user.id);
  };
  const result = await callOkta(plan, entry, user, decision, options, release);
  if (!claimed && result.outcome === 'sent') await suppression.renew(user.id, plan.id);
  return result;
}

async function callOkta(
  plan: Plan,
  entry: PlanEntry,
  user: DirectoryUser,
  decision: Extract<PolicyDecision, { kind: 'send' }>,
  options: ExecuteOptions,
  release: () => Promise<void>,
): Promise<EntryResult> {
  const { directory } = options;

  const first = await directory.runLifecycle(user.id, decision.action);
  options.onCall?.({ userId: user.id, login: user.login, action: decision.action, statusBefore: user.status, attempt: 1, result: first });
  if (first.ok) return sent(entry, decision.action, first, decision.note);
  if (!STATUS_MOVED.has(first.code)) return settleFailure(entry, decision.action, first, release);

  // Okta says the status moved since the plan was shown: re-read once, apply the table again, never loop.
  const fresh = await directory.getUser(user.id, options.onRead?.(user.id));
  if (!fresh) {
    await release();
    return failed(entry, 'not_found', 'The user no longer exists in Okta.', first.requestId, decision.action);
  }
  const again = decideFor(plan.kind, fresh);
  if (again.kind === 'skip') {
    await release();
    // The refused call is still part of the record: its action and Okta request id are kept.
    return {
      ...base(entry, { outcome: 'skipped', reason: again.reason, message: `Status changed since the plan: ${again.message}`, hint: again.hint }),
      statusBefore: fresh.status,
      action: decision.action,
      requestId: first.requestId,
    };
  }
  const second = await directory.runLifecycle(fresh.id, again.action);
  options.onCall?.({ userId: fresh.id, login: fresh.login, action: again.action, statusBefore: fresh.status, attempt: 2, result: second });
  const result = second.ok ? sent(entry, again.action, second, again.note) : await settleFailure(entry, again.action, second, release);
  return { ...result, statusBefore: fresh.status };
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
  reason: DirectoryErrorCode,
  message: string,
  requestId: string | null = null,
  action: LifecycleAction | null = null,
): EntryResult {
  return { ...base(entry, { outcome: 'failed', reason, message, hint: null }), action, requestId };
}
