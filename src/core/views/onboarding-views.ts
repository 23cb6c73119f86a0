import type { DeliveryFailure } from '../delivery.ts';
import { DELIVERY_ADVICE } from '../delivery.ts';
import type { DirectoryUser } from '../directory-user.ts';
import type { EntryResult } from '../run-report.ts';
import type { ScheduledSend } from '../schedule/timed-jobs.ts';
import { formatZoned } from '../schedule/zoned-time.ts';
import { clip, plural, statusLabel } from './labels.ts';
import type { ViewRow } from './plan-view.ts';

/** Rows shown in one follow-up or delivery message; the rest are counted. */
const ROWS_SHOWN = 30;

/** One scheduled send, as people see it in "scheduled" listings. */
export interface ScheduleLine {
  readonly id: string;
  readonly when: string;
  readonly who: string;
  readonly requester: string;
  readonly count: number;
}

export function describeSchedule(job: ScheduledSend): ScheduleLine {
  const names = job.identifiers.slice(0, 5).map((identifier) => clip(identifier.raw, 60));
  const more = job.identifiers.length > 5 ? ` and ${job.identifiers.length - 5} more` : '';
  return {
    id: job.id,
    when: `${formatZoned(job.dueAt, job.timeZone)}${job.startDate ? ' (their start date)' : ''}`,
    who: `${names.join(', ')}${more}`,
    requester: job.requester.displayName,
    count: job.identifiers.length,
  };
}

/** What became of the people a run emailed: activated, still pending, or neither any more. */
export interface FollowUpView {
  readonly title: string;
  readonly summary: string;
  readonly rows: readonly ViewRow[];
  readonly hiddenRows: number;
  /** Users still pending that a new plan could email again (the button's count). */
  readonly pending: number;
}

export type Activation = 'activated' | 'pending' | 'gone';

/** A user counts as activated once Okta says so: any status past the activation link. */
export function activationOf(user: DirectoryUser | null): Activation {
  if (!user || user.status === 'DEPROVISIONED') return 'gone';
  if (user.status === 'PROVISIONED' || user.status === 'STAGED') return 'pending';
  if (user.status === 'RECOVERY' && user.activated === null) return 'pending';
  return 'activated';
}

export function describeFollowUp(reason: 'follow_up' | 'link_expiry', checked: ReadonlyArray<{ readonly result: EntryResult; readonly user: DirectoryUser | null }>, linkDays: number): FollowUpView {
  const state = checked.map(({ result, user }) => ({ result, user, activation: activationOf(user) }));
  const activated = state.filter((s) => s.activation === 'activated').length;
  const pending = state.filter((s) => s.activation === 'pending');
  const order = { pending: 0, gone: 1, activated: 2 } as const;
  const rows = [...state].sort((a, b) => order[a.activation] - order[b.activation]).map((s): ViewRow => {
    // Restricted rows (someone else's report, seen by a manager) say only activated or not.
    const status = s.result.restricted || !s.user ? '' : ` (${statusLabel(s.user.status)})`;
    const text = s.activation === 'activated' ? `activated${status}` : s.activation === 'pending' ? `not activated yet${status}` : s.user ? `deactivated since${status}` : 'no longer in Okta';
    return { who: clip(s.result.identifier.raw), tone: s.activation === 'activated' ? 'good' : s.activation === 'pending' ? 'bad' : 'neutral', text, hint: null };
  });
  const title =
    reason === 'link_expiry'
      ? `Activation links expire tomorrow (${linkDays} days): ${plural(pending.length, 'user')} still ${pending.length === 1 ? 'has' : 'have'} not activated`
      : pending.length === 0
        ? `Follow-up: all ${plural(activated, 'user')} emailed have activated`
        : `Follow-up: ${activated} of ${plural(state.length, 'user')} emailed have activated`;
  return {
    title,
    summary: `${activated} activated · ${pending.length} not yet · ${state.length - activated - pending.length} gone`,
    rows: rows.slice(0, ROWS_SHOWN),
    hiddenRows: Math.max(0, rows.length - ROWS_SHOWN),
    pending: pending.length,
  };
}

/** Emails of a run that did not arrive, each with the provider's reason and what to do. */
export interface DeliveryView {
  readonly title: string;
  readonly rows: readonly ViewRow[];
  readonly hiddenRows: number;
  /** Bounced or dropped addresses an admin could take off Okta's bounce list. */
  readonly bounced: readonly string[];
}

export function describeDelivery(failures: readonly DeliveryFailure[], checkedUsers: number): DeliveryView {
  const rows = failures.map((failure): ViewRow => ({
    who: clip(failure.address),
    tone: failure.kind === 'deferred' ? 'neutral' : 'bad',
    text: `${failure.kind}${failure.providerMessage ? `: ${clip(failure.providerMessage, 200)}` : ''}`,
    hint: DELIVERY_ADVICE[failure.kind],
  }));
  const bounced = [...new Set(failures.filter((f) => f.kind === 'bounce' || f.kind === 'dropped').map((f) => f.address.toLowerCase()))];
  return {
    title: failures.length === 0 ? `Delivery checked: no failure reported for the ${plural(checkedUsers, 'email')} sent` : `Delivery problems: ${plural(failures.length, 'email')} did not arrive`,
    rows: rows.slice(0, ROWS_SHOWN),
    hiddenRows: Math.max(0, rows.length - ROWS_SHOWN),
    bounced,
  };
}
