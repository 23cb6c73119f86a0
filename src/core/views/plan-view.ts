import type { RejectedInput } from '../identifiers.ts';
import type { Plan, PlanEntry } from '../plan.ts';
import type { AlternativeAction } from '../resend-policy.ts';
import { ACTION_LABELS, clip, plural, restrictedPlanText, statusLabel } from './labels.ts';

/** Plans up to this size show one row per user; bigger ones show counts and attach a CSV. */
export const ROWS_SHOWN = 25;
const REJECTED_SHOWN = 10;

export interface ViewRow {
  /** What the requester wrote (plain text: escape before rendering). */
  readonly who: string;
  readonly tone: 'good' | 'neutral' | 'bad';
  readonly text: string;
  readonly hint: string | null;
}

/** A separate, explicitly confirmed choice offered under the plan (helpdesk: resets; admins: deactivated). */
export interface OfferView {
  readonly alternative: AlternativeAction;
  readonly label: string;
  readonly count: number;
}

/** A neutral card each surface renders its own way (Block Kit, Adaptive Card, terminal text). */
export interface PlanView {
  readonly planId: string;
  /** Set for alternative plans: what the second confirmation must make clear. */
  readonly warning: string | null;
  readonly offers: readonly OfferView[];
  readonly title: string;
  readonly summary: readonly string[];
  readonly rows: readonly ViewRow[];
  readonly hiddenRows: number;
  readonly rejected: readonly string[];
  readonly canConfirm: boolean;
  readonly confirmLabel: string;
  readonly expiresInMinutes: number;
}

const WARNINGS: Record<AlternativeAction, string> = {
  reset_password: 'This sends password-reset emails, not activation emails: each user must set a new password.',
  activate_deprovisioned: 'This restores deactivated accounts: they become pending activation again. Apps removed at deactivation are not reassigned.',
};

/** Said on a "send anyway" plan: the one case where the bot knowingly risks a second email. */
const SEND_ANYWAY_WARNING = 'These users are in doubt: an email may already have gone out to them minutes ago. Send anyway only if you checked in Okta (or with them) that it did not.';

const OFFER_LABELS: Record<AlternativeAction, (count: number) => string> = {
  reset_password: (count) => `Send password-reset email instead (${count})`,
  activate_deprovisioned: (count) => `Reactivate deactivated account${count === 1 ? '' : 's'} (${count})`,
};

function titleOf(plan: Plan): string {
  const { send, approval } = plan.counts;
  if (plan.kind === 'reset_password') return `Send password-reset emails to ${plural(send, 'user')}?`;
  if (plan.kind === 'activate_deprovisioned') return `Reactivate ${plural(send, 'deactivated account')}?`;
  if (send + approval === 0) return 'Nothing to send';
  return `Resend activation emails to ${plural(send + approval, 'user')}?`;
}

function rowText(entry: PlanEntry): string {
  if (entry.restricted) return entry.decision.kind === 'send' ? restrictedPlanText(true) : `skip — ${restrictedPlanText(false)}`;
  const status = statusLabel(entry.user?.status ?? null);
  if (entry.decision.kind === 'send') {
    const action = ACTION_LABELS[entry.decision.action];
    return entry.authority === 'approval' ? `${status}: needs an approver, then will ${action}` : `${status}: will ${action}`;
  }
  return `${entry.user ? `${status}: ` : ''}skip — ${entry.decision.message}`;
}

/** The first rows that were not understood, each with its line number, clipped for a chat message. */
function rejectedRows(rejected: readonly RejectedInput[]): string[] {
  return rejected.slice(0, REJECTED_SHOWN).map((r) => `line ${r.line}: ${clip(r.raw)} — ${r.reason}`);
}

/** Why nothing could be planned, row by row: the first rows, then how many more. */
export function describeRejected(rejected: readonly RejectedInput[]): string[] {
  const more = rejected.length - REJECTED_SHOWN;
  return more > 0 ? [...rejectedRows(rejected), `…and ${more} more.`] : rejectedRows(rejected);
}

export function describePlan(plan: Plan): PlanView {
  const { send, approval, skip, rejected, duplicates } = plan.counts;
  const summary = [`${plural(send, 'email')} to send`];
  if (approval > 0) summary.push(`${plural(approval, 'user')} need an approver (not your direct reports)`);
  summary.push(`${plural(skip, 'user')} skipped`);
  if (rejected > 0) summary.push(`${plural(rejected, 'entry', 'entries')} not understood`);
  if (duplicates > 0) summary.push(`${plural(duplicates, 'duplicate')} removed`);
  const rows = plan.entries.slice(0, ROWS_SHOWN).map((entry): ViewRow => {
    const who = entry.user && !entry.restricted && entry.user.login.toLowerCase() !== entry.identifier.value.toLowerCase()
      ? `${clip(entry.identifier.raw)} (${entry.user.login})`
      : clip(entry.identifier.raw);
    const hint = entry.restricted ? null : entry.decision.kind === 'send' ? entry.decision.note : entry.decision.hint;
    return { who, tone: entry.decision.kind === 'send' ? 'good' : 'neutral', text: rowText(entry), hint };
  });
  const offers = (Object.entries(plan.offers) as [AlternativeAction, number][]).map(([alternative, count]) => ({
    alternative,
    count,
    label: OFFER_LABELS[alternative](count),
  }));
  const confirmLabel = approval > 0
    ? send > 0 ? `Send ${plural(send, 'email')}, ask approval for ${approval}` : `Ask approval for ${plural(approval, 'user')}`
    : plan.kind === 'activate_deprovisioned' ? `Reactivate ${plural(send, 'account')}` : `Send ${plural(send, 'email')}`;
  return {
    planId: plan.id,
    warning: plan.forced ? SEND_ANYWAY_WARNING : plan.kind === 'resend' ? null : WARNINGS[plan.kind],
    offers,
    title: titleOf(plan),
    summary,
    rows,
    hiddenRows: Math.max(0, plan.entries.length - ROWS_SHOWN),
    rejected: rejectedRows(plan.rejected),
    canConfirm: send + approval > 0,
    confirmLabel,
    expiresInMinutes: Math.round((plan.expiresAt - plan.createdAt) / 60_000),
  };
}
