import type { Approval, ApprovalStore, ReplyTarget } from '../approvals.ts';
import type { AuditSink } from '../audit.ts';
import { auditedUsers } from '../audit-users.ts';
import { can, type AccessPolicy } from '../authorization.ts';
import type { ParsedIdentifiers } from '../identifiers.ts';
import type { UserDirectory } from '../lifecycle.ts';
import type { Plan } from '../plan.ts';
import type { PlanStore } from '../plan-store.ts';
import type { RequestInput } from '../request-input.ts';
import { sameRequester, type Requester } from '../requester.ts';
import type { PrepareOutcome, RunHooks, ScheduleOutcome } from '../resend-service.ts';
import { alreadySettled, type SettleRefusal } from '../settle-refusal.ts';
import type { RunReport } from '../run-report.ts';
import type { RunStore } from '../runs/run-store.ts';
import type { ResendSettings } from '../settings.ts';
import type { KeyValueStore } from '../store.ts';
import { describeSchedule, type ScheduleLine } from '../views/onboarding-views.ts';
import { newId } from '../new-id.ts';
import { Onboarding, newJobId } from './onboarding.ts';
import { scheduleGroups, type ScheduleRequest } from './schedule-groups.ts';
import { TimedJobStore, type ScheduledSend } from './timed-jobs.ts';
import { isTimeZone } from './zoned-time.ts';

/** Follow-up lists and bounced addresses are kept as long as runs (8 days). */
const KEEP_SECONDS = 8 * 24 * 60 * 60;

export interface ScheduleDeskDeps {
  readonly store: KeyValueStore;
  readonly access: AccessPolicy;
  readonly directory: UserDirectory;
  readonly settings: ResendSettings;
  readonly now: () => number;
  readonly audit: AuditSink;
  readonly plans: PlanStore;
  readonly approvals: ApprovalStore;
  /** This process among the replicas (claims of timed work). */
  readonly owner: string;
  readonly runs: RunStore;
  readonly pendingPlan: (planId: string, actor: Requester) => Promise<Plan | SettleRefusal>;
  readonly refuseClick: (actor: Requester, message: string, about: { planId?: string; approvalId?: string }) => SettleRefusal;
  readonly planFor: (requester: Requester, parsed: ParsedIdentifiers, source: RequestInput['kind'], options: { readonly planId: string; readonly countRequest: boolean; readonly force: boolean }) => Promise<PrepareOutcome>;
  readonly prepare: (requester: Requester, input: RequestInput) => Promise<PrepareOutcome>;
  readonly execute: (plan: Plan, confirmedBy: Requester, hooks: RunHooks) => Promise<RunReport>;
}

/**
 * The onboarding morning's requests: schedule a shown plan, list and cancel schedules, plan a
 * resend to the people a follow-up found still pending, take bounced addresses off Okta's bounce
 * list; and the timed work itself (`onboarding`), whose scheduled sends it plans and confirms.
 */
export class ScheduleDesk {
  readonly onboarding: Onboarding;
  private readonly jobs: TimedJobStore;

  constructor(private readonly deps: ScheduleDeskDeps) {
    const { directory } = deps;
    this.jobs = new TimedJobStore(deps.store);
    this.onboarding = new Onboarding({
      jobs: this.jobs,
      settings: deps.settings,
      now: deps.now,
      owner: deps.owner,
      planScheduled: (job, planId) => this.planScheduled(job, planId),
      confirmScheduled: (plan, job) => this.confirmScheduled(plan, job),
      runHeadless: async (plan, job) => void (await deps.execute(plan, job.requester, { replyTo: job.replyTo })),
      run: (runId) => deps.runs.get(runId),
      report: (runId) => deps.runs.report(runId),
      getUser: (userId) => directory.getUser(userId),
      ...(directory.deliveryFailures ? { deliveryFailures: directory.deliveryFailures.bind(directory) } : {}),
      savePending: (runId, userIds) => deps.store.set(`followup-pending:${runId}`, userIds, KEEP_SECONDS),
      saveBounced: (runId, addresses) => deps.store.set(`delivery-bounced:${runId}`, addresses, KEEP_SECONDS),
      canClearBounces: directory.removeFromBounceList !== undefined,
      audit: (event) => deps.audit.record(event),
      onError: (error, what) => deps.audit.record({ type: 'run_error', detail: `${what}: ${error instanceof Error ? error.message : String(error)}` }),
    });
  }

  /**
   * Schedules a shown plan instead of confirming it: at a date and time in the requester's time
   * zone, or each person on their start date (a file's start-date column) at SCHEDULE_TIME. At
   * the time, everyone is looked up again and planned with the requester's rights then; the run
   * reports into `replyTo`. Only the requester, before the plan expires; the plan is then settled.
   */
  async schedule(planId: string, actor: Requester, when: ScheduleRequest, replyTo: ReplyTarget | null): Promise<ScheduleOutcome> {
    const plan = await this.deps.pendingPlan(planId, actor);
    if ('message' in plan) return plan;
    if (plan.kind !== 'resend' || plan.forced) return this.deps.refuseClick(actor, 'Only activation emails can be scheduled; confirm this one now or cancel it.', { planId });
    if (!isTimeZone(when.timeZone)) return { kind: 'refused', message: `"${when.timeZone}" is not a time zone I know (use a name like Europe/Berlin or America/New_York).` };
    const now = this.deps.now();
    const identifiers = plan.entries.map((entry) => entry.identifier);
    const groups = scheduleGroups(identifiers, when, this.deps.settings.scheduleTime, now);
    if ('message' in groups) return { kind: 'refused', message: groups.message };
    const settled = await this.deps.plans.settle(plan, 'scheduled', now);
    if (!settled.won) return alreadySettled(settled.state);
    const schedules = [];
    for (const group of groups.groups) {
      const job: ScheduledSend = {
        kind: 'scheduled_send',
        id: newJobId(),
        dueAt: group.dueAt,
        timeZone: when.timeZone,
        requester: actor,
        identifiers: group.identifiers,
        rejected: [],
        source: plan.source,
        fromPlanId: plan.id,
        startDate: group.startDate,
        surface: actor.surface,
        replyTo,
        createdAt: now,
      };
      await this.jobs.add(job, now);
      this.deps.audit.record({ type: 'scheduled', scheduleId: job.id, planId, requester: actor, dueAt: new Date(job.dueAt).toISOString(), timeZone: job.timeZone, users: job.identifiers.map((i) => i.raw.slice(0, 200)) });
      schedules.push(describeSchedule(job));
    }
    return { kind: 'scheduled', plan, schedules, notScheduled: groups.left };
  }

  /** Scheduled sends still to come: the requester's own; helpdesk (and admins) see everyone's. */
  async listScheduled(actor: Requester): Promise<ScheduleLine[]> {
    const everyone = can.resendDirectly(this.deps.access.rolesOf(actor));
    const jobs = await this.jobs.scheduled();
    const open = [];
    for (const job of jobs) {
      if (!everyone && !sameRequester(job.requester, actor)) continue;
      if ((await this.jobs.state(job.id)) === undefined) open.push(describeSchedule(job));
    }
    return open;
  }

  /** How many wait, everyone's (for metrics, which ask as nobody): approvals, and scheduled sends still to come. */
  async waitingCounts(): Promise<{ readonly approvals: number; readonly scheduledSends: number }> {
    const jobs = await this.jobs.scheduled();
    const states = await Promise.all(jobs.map((job) => this.jobs.state(job.id)));
    return { approvals: await this.deps.approvals.openCount(), scheduledSends: states.filter((state) => state === undefined).length };
  }

  /** Cancels a scheduled send before it starts: its requester, or helpdesk. */
  async cancelScheduled(scheduleId: string, actor: Requester): Promise<{ readonly kind: 'cancelled'; readonly schedule: ScheduleLine } | SettleRefusal> {
    const job = await this.jobs.get(scheduleId);
    if (job?.kind !== 'scheduled_send') return { kind: 'unknown', message: 'That scheduled send is no longer known (it ran, or was cancelled).' };
    if (!sameRequester(job.requester, actor) && !can.resendDirectly(this.deps.access.rolesOf(actor))) {
      return this.deps.refuseClick(actor, `This is not your scheduled send: only ${job.requester.displayName} or helpdesk can cancel it.`, {});
    }
    const settled = await this.jobs.settle(job, { state: 'cancelled', at: this.deps.now(), by: actor }, this.deps.now());
    if (!settled.won) return settled.state.state === 'cancelled' ? { kind: 'already_cancelled', message: 'Already cancelled.' } : { kind: 'already_confirmed', message: 'Too late: it has started.' };
    await this.jobs.finish(job);
    this.deps.audit.record({ type: 'schedule_cancelled', scheduleId, actor });
    return { kind: 'cancelled', schedule: describeSchedule(job) };
  }

  /**
   * "Resend to those still pending" under a follow-up: a fresh request for them by the person who
   * pressed, through the same policy and authorization as any request.
   */
  async prepareFollowUpResend(runId: string, actor: Requester): Promise<PrepareOutcome | SettleRefusal> {
    const pending = await this.deps.store.get<string[]>(`followup-pending:${runId}`);
    if (!pending || pending.length === 0) return { kind: 'unknown', message: 'Nobody from that run is pending any more (or the follow-up is too old).' };
    return this.deps.prepare(actor, { kind: 'text', text: pending.join('\n') });
  }

  /**
   * "Take these addresses off Okta's bounce list": admins only, after the surface's explicit
   * confirmation; the addresses are the ones the run's delivery check found bounced or dropped.
   */
  async clearBounces(runId: string, actor: Requester): Promise<{ readonly kind: 'cleared'; readonly removed: readonly string[]; readonly errors: ReadonlyArray<{ address: string; reason: string }> } | SettleRefusal> {
    if (!can.activateDeprovisioned(this.deps.access.rolesOf(actor))) return this.deps.refuseClick(actor, 'Only admins can take addresses off Okta\'s bounce list.', { planId: runId });
    const addresses = await this.deps.store.get<string[]>(`delivery-bounced:${runId}`);
    if (!addresses || addresses.length === 0 || !this.deps.directory.removeFromBounceList) return { kind: 'unknown', message: 'No bounced address of that run is known any more.' };
    if (!(await this.deps.store.setIfAbsent(`bounces-cleared:${runId}`, actor.userId, 8 * 24 * 60 * 60))) return { kind: 'already_confirmed', message: 'Those addresses were taken off the bounce list already.' };
    const result = await this.deps.directory.removeFromBounceList(addresses);
    this.deps.audit.record({ type: 'job', jobId: `bounces:${runId}`, kind: 'bounce_list_removal', outcome: result.ok ? `${result.removed.length} removed` : result.reason, runId, detail: result.ok ? result.removed.join(', ') : result.message });
    if (!result.ok) {
      await this.deps.store.delete(`bounces-cleared:${runId}`);
      return { kind: 'unavailable', message: `Okta did not take them off the bounce list: ${result.message}.` };
    }
    return { kind: 'cleared', removed: result.removed, errors: result.errors };
  }

  /** A scheduled send at its time: its people planned with the requester's rights now. */
  async planScheduled(job: ScheduledSend, planId: string): Promise<{ plan: Plan } | { message: string }> {
    const outcome = await this.deps.planFor(job.requester, { identifiers: job.identifiers, rejected: job.rejected, duplicates: 0 }, job.source, { planId, countRequest: false, force: false });
    if (outcome.kind === 'planned') {
      if (outcome.plan.counts.send + outcome.plan.counts.approval === 0) return { message: `Nothing to send at the scheduled time: ${skipSummary(outcome.plan)}.` };
      return { plan: outcome.plan };
    }
    return { message: 'message' in outcome ? outcome.message : 'Nothing could be planned.' };
  }

  /** The schedule is the confirmation; users who need an approver are asked now, as a confirm would. */
  async confirmScheduled(plan: Plan, job: ScheduledSend): Promise<{ approval: Approval | null } | { alreadyConfirmed: true }> {
    const now = this.deps.now();
    const settled = await this.deps.plans.settle(plan, 'confirmed', now);
    if (!settled.won) return { alreadyConfirmed: true };
    this.deps.audit.record({ type: 'confirm', planId: plan.id, actor: job.requester });
    const approval = plan.counts.approval > 0 ? await this.deps.approvals.create(plan, newId('appr'), now, this.deps.settings.approvalTtlSeconds * 1000, job.replyTo) : null;
    if (approval) this.deps.audit.record({ type: 'approval_requested', approvalId: approval.id, planId: plan.id, requester: job.requester, users: auditedUsers(approval.entries) });
    return { approval };
  }
}

/**
 * Why a plan sends nothing, by reason ("2 already active, 1 not found"). A requester without a
 * role learns no reason for users who are not her reports (restricted rows), as in her plans.
 */
function skipSummary(plan: Plan): string {
  const counts = new Map<string, number>();
  for (const entry of plan.entries) {
    if (entry.decision.kind !== 'skip') continue;
    const reason = entry.restricted ? 'not a direct report of yours' : entry.decision.reason.replace(/_/g, ' ');
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ') || 'nobody is left to send to';
}
