import type { Plan } from '../plan.ts';
import { ACTION_LABELS, plural, statusLabel } from './labels.ts';

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

/** A neutral card each surface renders its own way (Block Kit, Adaptive Card, terminal text). */
export interface PlanView {
  readonly planId: string;
  readonly title: string;
  readonly summary: readonly string[];
  readonly rows: readonly ViewRow[];
  readonly hiddenRows: number;
  readonly rejected: readonly string[];
  readonly canConfirm: boolean;
  readonly confirmLabel: string;
  readonly expiresInMinutes: number;
}

export function describePlan(plan: Plan): PlanView {
  const { send, skip, rejected, duplicates } = plan.counts;
  const summary = [`${plural(send, 'email')} to send`, `${plural(skip, 'user')} skipped`];
  if (rejected > 0) summary.push(`${plural(rejected, 'entry', 'entries')} not understood`);
  if (duplicates > 0) summary.push(`${plural(duplicates, 'duplicate')} removed`);
  const rows = plan.entries.slice(0, ROWS_SHOWN).map((entry): ViewRow => {
    const who = entry.user && entry.user.login.toLowerCase() !== entry.identifier.value.toLowerCase()
      ? `${entry.identifier.raw} (${entry.user.login})`
      : entry.identifier.raw;
    const status = statusLabel(entry.user?.status ?? null);
    if (entry.decision.kind === 'send') {
      return { who, tone: 'good', text: `${status}: will ${ACTION_LABELS[entry.decision.action]}`, hint: entry.decision.note };
    }
    const prefix = entry.user ? `${status}: ` : '';
    return { who, tone: 'neutral', text: `${prefix}skip — ${entry.decision.message}`, hint: entry.decision.hint };
  });
  return {
    planId: plan.id,
    title: send > 0 ? `Resend activation emails to ${plural(send, 'user')}?` : 'Nothing to send',
    summary,
    rows,
    hiddenRows: Math.max(0, plan.entries.length - ROWS_SHOWN),
    rejected: plan.rejected.slice(0, REJECTED_SHOWN).map((r) => `line ${r.line}: ${r.raw} — ${r.reason}`),
    canConfirm: send > 0,
    confirmLabel: `Send ${plural(send, 'email')}`,
    expiresInMinutes: Math.round((plan.expiresAt - plan.createdAt) / 60_000),
  };
}
