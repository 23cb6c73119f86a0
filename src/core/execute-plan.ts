import type { DirectoryErrorCode, LifecycleAction, LifecycleResult, UserDirectory } from './lifecycle.ts';
import type { Plan, PlanEntry } from './plan.ts';
import type { Requester } from './requester.ts';
import { decideFor } from './resend-policy.ts';
import { countOutcomes, type EntryResult, type RunCounts, type RunReport } from './run-report.ts';
import type { SuppressionWindow } from './suppression.ts';

export interface RunProgress {
  readonly done: number;
  readonly total: number;
  readonly counts: RunCounts;
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
  const { directory, suppression } = options;
  const claimed = await suppression.claim(user.id, plan.id);
  if (!claimed && !options.force) {
    return base(entry, {
      outcome: 'skipped',
      reason: 'recently_sent',
      message: `An email already went to this user in the last ${suppression.windowMinutes} minutes.`,
      hint: 'Wait for the window to pass, or run again with force if you are sure.',
    });
  }

  const first = await directory.runLifecycle(user.id, decision.action);
  if (first.ok) return sent(entry, decision.action, first, decision.note);
  if (!STATUS_MOVED.has(first.code)) return settleFailure(entry, decision.action, first, options);

  // Okta says the status moved since the plan was shown: re-read once, apply the table again, never loop.
  const fresh = await directory.getUser(user.id);
  if (!fresh) {
    await suppression.release(user.id);
    return failed(entry, 'not_found', 'The user no longer exists in Okta.', first.requestId, decision.action);
  }
  const again = decideFor(plan.kind, fresh);
  if (again.kind === 'skip') {
    await suppression.release(user.id);
    return {
      ...base(entry, { outcome: 'skipped', reason: again.reason, message: `Status changed since the plan: ${again.message}`, hint: again.hint }),
      statusBefore: fresh.status,
    };
  }
  const second = await directory.runLifecycle(fresh.id, again.action);
  const result = second.ok ? sent(entry, again.action, second, again.note) : await settleFailure(entry, again.action, second, options);
  return { ...result, statusBefore: fresh.status };
}

async function settleFailure(
  entry: PlanEntry,
  action: LifecycleAction,
  result: Extract<LifecycleResult, { ok: false }>,
  options: ExecuteOptions,
): Promise<EntryResult> {
  const userId = entry.user?.id;
  if (result.code === 'email_recently_sent') {
    return {
      ...base(entry, { outcome: 'skipped', reason: 'recently_sent', message: 'Okta says an email went to this user seconds ago.', hint: null }),
      action,
      requestId: result.requestId,
    };
  }
  if (userId && NOTHING_SENT.has(result.code)) await options.suppression.release(userId);
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
