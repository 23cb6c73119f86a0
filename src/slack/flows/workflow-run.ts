import type { Requester } from '../../core/requester.ts';
import { formatZoned } from '../../core/schedule/zoned-time.ts';
import { describePlan } from '../../core/views/plan-view.ts';
import { describeReport } from '../../core/views/report-view.ts';
import type { SlackDeps } from '../slack-deps.ts';

/** The step's outputs (manifests/slack.yaml): counts and a plain-text summary. */
export interface WorkflowStepOutputs {
  readonly sent: number;
  readonly skipped: number;
  readonly failed: number;
  readonly summary: string;
}

export interface WorkflowStepInputs {
  /** One or more emails: a list, or text with them separated by commas, spaces or new lines. */
  readonly emails: unknown;
  /** Unix seconds (slack#/types/timestamp); absent or not in the future: now. */
  readonly send_at?: unknown;
}

/** A send time closer than this is "now": scheduling it would only add a minute's delay. */
const SCHEDULE_MIN_AHEAD_MS = 60_000;

/** Either outputs for complete(), or a plain message for fail(). */
export type WorkflowStepResult = { readonly outputs: WorkflowStepOutputs } | { readonly error: string };

function emailsText(value: unknown): string {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string').join('\n');
  return typeof value === 'string' ? value : '';
}

function sendAtMs(value: unknown): number | null {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/**
 * A Workflow Builder run of "Resend Okta activation", through the same core as a person's request:
 * planned with the workflow's rights (helpdesk, see authorization.ts), then either scheduled (a
 * `send_at` in the future, in UTC) or confirmed and run now. Nothing is posted in Slack: the
 * workflow's next steps get the outputs, and the audit trail names the workflow as requester.
 */
export async function runWorkflowStep(deps: SlackDeps, requester: Requester, inputs: WorkflowStepInputs, now: number): Promise<WorkflowStepResult> {
  const text = emailsText(inputs.emails).trim();
  if (!text) return { error: 'No emails were given to the step (its "emails" input is empty).' };
  const prepared = await deps.service.prepare(requester, { kind: 'text', text });
  if (prepared.kind !== 'planned') return { error: prepared.message };
  const { plan } = prepared;
  const at = sendAtMs(inputs.send_at);
  if (at !== null && at > now + SCHEDULE_MIN_AHEAD_MS) {
    const localDateTime = new Date(at).toISOString().slice(0, 19);
    const scheduled = await deps.service.schedule(plan.id, requester, { kind: 'at', localDateTime, timeZone: 'UTC' }, null);
    if (scheduled.kind !== 'scheduled') return { error: scheduled.message };
    const people = scheduled.schedules.reduce((sum, line) => sum + line.count, 0);
    return { outputs: { sent: 0, skipped: 0, failed: 0, summary: `Scheduled for ${formatZoned(at, 'UTC')}: ${people} ${people === 1 ? 'person' : 'people'}, looked up in Okta again then. Nothing sent yet.` } };
  }
  const confirmed = await deps.service.confirm(plan.id, requester, null);
  if (confirmed.kind !== 'confirmed') return { error: confirmed.message };
  if (plan.counts.send === 0) {
    return { outputs: { sent: 0, skipped: plan.entries.length, failed: 0, summary: `Nothing sent: ${describePlan(plan).summary.join(' · ')}` } };
  }
  const report = await deps.service.execute(plan, requester, { replyTo: null });
  const view = describeReport(report);
  const { sent, skipped, failed } = report.counts;
  return { outputs: { sent, skipped, failed, summary: `${view.title}: ${view.summary}` } };
}
