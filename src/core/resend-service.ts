import { ApprovalStore, type Approval, type ApprovalState, type ReplyTarget } from './approvals.ts';
import { discardAudit, type AuditSink } from './audit.ts';
import { auditedUsers } from './audit-users.ts';
import { ServiceAudit } from './service-audit.ts';
import { newId } from './new-id.ts';
import { alreadySettled, type SettleRefusal } from './settle-refusal.ts';
import { ScheduleDesk } from './schedule/schedule-desk.ts';
import { can, type AccessPolicy } from './authorization.ts';
import { DirectoryUnavailableError, isCoreError, PlanNotRunnableError } from './errors.ts';
import { executePlan, type Execution, type RunProgress } from './execute-plan.ts';
import type { ParsedIdentifiers } from './identifiers.ts';
import type { DirectoryUser } from './directory-user.ts';
import type { Resolution, UserDirectory } from './lifecycle.ts';
import { canVouchAsManager, isManagedBy } from './manager-scope.ts';
import { buildPlan, type Plan } from './plan.ts';
import { PlanStore } from './plan-store.ts';
import { parseInput, type RequestInput } from './request-input.ts';
import { RequesterLimits } from './requester-limits.ts';
import { sameRequester, type Requester, type Surface } from './requester.ts';
import type { AlternativeAction } from './resend-policy.ts';
import type { RunReport } from './run-report.ts';
import { DEFAULT_SETTINGS, type ResendSettings } from './settings.ts';
import type { KeyValueStore } from './store.ts';
import { SuppressionWindow } from './suppression.ts';
import type { DurableRun, RunJournal } from './runs/durable-run.ts';
import { DurableRuns, type DriveHooks, type ResumeHandler } from './runs/durable-runs.ts';
import type { OnboardingHandlers } from './schedule/onboarding.ts';
import type { ScheduleRequest } from './schedule/schedule-groups.ts';
import type { ScheduleLine } from './views/onboarding-views.ts';

export type { RequestInput } from './request-input.ts';

/** Platforms retry within minutes; an hour of memory covers that with room to spare. */
const DELIVERY_MEMORY_SECONDS = 60 * 60;
export { DEFAULT_SETTINGS, type ResendSettings } from './settings.ts';

export type PrepareOutcome =
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string }
  /** Okta refused the bot's own credentials: nothing to do with the people named. */
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'nothing'; readonly message: string; readonly parsed: ParsedIdentifiers }
  | { readonly kind: 'planned'; readonly plan: Plan };

export type { SettleRefusal } from './settle-refusal.ts';
/** `approval` is set when part of the plan now waits for an approver: the surface posts it. */
export type ScheduleOutcome =
  | { readonly kind: 'scheduled'; /** The plan as shown, now settled (a surface ends its message with it). */ readonly plan: Plan; readonly schedules: readonly ScheduleLine[]; /** Rows not scheduled, and why. */ readonly notScheduled: readonly string[] }
  | SettleRefusal;
export type { ScheduleRequest } from './schedule/schedule-groups.ts';
export type ConfirmOutcome = { readonly kind: 'confirmed'; readonly plan: Plan; readonly approval: Approval | null } | SettleRefusal;
export type CancelOutcome = { readonly kind: 'cancelled'; readonly plan: Plan } | SettleRefusal;
export type ApproveOutcome =
  | { readonly kind: 'approved'; readonly approval: Approval; readonly plan: Plan }
  | { readonly kind: 'denied'; readonly approval: Approval }
  /**
   * Too late: nothing is sent; the surface closes the approval message with this. `expiredNow`:
   * this click settled the expiry (no sweep will report it), so the surface tells the requester.
   */
  | { readonly kind: 'approval_expired'; readonly approval: Approval; readonly message: string; readonly expiredNow: boolean }
  | SettleRefusal;

export interface ResendServiceDeps {
  readonly directory: UserDirectory;
  readonly store: KeyValueStore;
  readonly access: AccessPolicy;
  readonly settings?: Partial<ResendSettings>;
  readonly audit?: AuditSink;
  readonly now?: () => number;
}

export interface RunHooks {
  readonly onProgress?: (progress: RunProgress) => void;
  readonly force?: boolean;
  /**
   * Where the surface reports this run (its thread). A process that takes the run over after a
   * crash or a deploy reports there too, through the surface's resume handler.
   */
  readonly replyTo?: ReplyTarget | null;
}

/**
 * The one entry point every surface uses: parse → resolve → plan (prepare), confirm, execute, and
 * the approval and alternative flows. Authorization is decided here, never in an adapter.
 */
export class ResendService {
  readonly settings: ResendSettings;
  private readonly plans: PlanStore;
  private readonly approvals: ApprovalStore;
  private readonly suppression: SuppressionWindow;
  private readonly limits: RequesterLimits;
  private readonly audit: AuditSink;
  private readonly records: ServiceAudit;
  private readonly now: () => number;
  private readonly durable: DurableRuns;
  private readonly desk: ScheduleDesk;

  constructor(private readonly deps: ResendServiceDeps) {
    this.settings = { ...DEFAULT_SETTINGS, ...deps.settings };
    this.plans = new PlanStore(deps.store);
    this.approvals = new ApprovalStore(deps.store);
    this.suppression = new SuppressionWindow(deps.store, this.settings.suppressionSeconds);
    this.limits = new RequesterLimits(deps.store, this.settings.managerMaxRequestsPerHour);
    this.audit = deps.audit ?? discardAudit;
    this.records = new ServiceAudit(this.audit);
    this.now = deps.now ?? Date.now;
    const directory = deps.directory;
    this.durable = new DurableRuns({
      store: deps.store,
      leaseSeconds: this.settings.runLeaseSeconds,
      bulkRunMinUsers: this.settings.bulkRunMinUsers,
      execute: (run, journal, hooks) => this.executeRun(run, journal, hooks),
      onFinished: (run, report) => this.recordOutcome(run, report),
      ...(directory.lifecycleLogged ? { lifecycleLogged: directory.lifecycleLogged.bind(directory) } : {}),
      onError: (error, what) => this.audit.record({ type: 'run_error', detail: `${what}: ${error instanceof Error ? error.message : String(error)}` }),
      onChangedHands: (event) => this.audit.record(event),
      now: this.now,
    });
    this.desk = new ScheduleDesk({
      store: deps.store,
      access: deps.access,
      directory,
      settings: this.settings,
      now: this.now,
      audit: this.audit,
      plans: this.plans,
      approvals: this.approvals,
      owner: this.durable.supervisor.owner,
      runs: this.durable.runs,
      pendingPlan: (planId, actor) => this.pendingPlan(planId, actor),
      refuseClick: (actor, message, about) => this.refuseClick(actor, message, about),
      planFor: (requester, parsed, source, options) => this.planFor(requester, parsed, source, options),
      prepare: (requester, input) => this.prepare(requester, input),
      execute: (plan, confirmedBy, hooks) => this.execute(plan, confirmedBy, hooks),
    });
  }

  /**
   * `force` (the command line's --force) plans users inside the suppression window as sends.
   * Every request ends in one `request_outcome` audit line: how it ended and how long it took.
   */
  async prepare(requester: Requester, input: RequestInput, options: { readonly force?: boolean } = {}): Promise<PrepareOutcome> {
    const started = this.now();
    let outcome: PrepareOutcome;
    try {
      outcome = await this.prepareRequest(requester, input, options);
    } catch (error) {
      this.audit.record({ type: 'request_outcome', surface: requester.surface, outcome: 'error', seconds: Math.round(this.now() - started) / 1000 });
      throw error;
    }
    this.audit.record({
      type: 'request_outcome',
      surface: requester.surface,
      outcome: outcome.kind,
      ...(outcome.kind === 'planned' ? { planId: outcome.plan.id } : {}),
      seconds: Math.round(this.now() - started) / 1000,
    });
    return outcome;
  }

  private async prepareRequest(requester: Requester, input: RequestInput, options: { readonly force?: boolean }): Promise<PrepareOutcome> {
    const roles = this.deps.access.rolesOf(requester);
    const direct = can.resendDirectly(roles);
    if (!direct && !requester.email) return this.refuse(requester, 'You are not helpdesk, and your chat account shows no email, so your new hires cannot be found. Ask your helpdesk.');
    let parsed: ParsedIdentifiers;
    try {
      parsed = parseInput(input, this.settings.limits);
    } catch (error) {
      if (!isCoreError(error)) throw error;
      this.audit.record({ type: 'request', requester, source: input.kind, identifiers: 0, rejected: 0, invalid: error.message });
      return { kind: 'invalid', message: error.message };
    }
    this.audit.record({ type: 'request', requester, source: input.kind, identifiers: parsed.identifiers.length, rejected: parsed.rejected.length });
    if (parsed.identifiers.length === 0) {
      const message = parsed.rejected.length > 0 ? 'None of the entries is a login, email or Okta user id.' : 'No users named. Give emails, logins or Okta user ids.';
      return { kind: 'nothing', message, parsed };
    }
    return this.planFor(requester, parsed, input.kind, { planId: newId('plan'), countRequest: true, force: options.force ?? false });
  }

  /**
   * Resolve and plan, with the requester's rights as the roles and Okta say now: a fresh request,
   * or a scheduled send at its time (`countRequest` false: the hour's limit counted the request
   * when it was made).
   */
  async planFor(requester: Requester, parsed: ParsedIdentifiers, source: RequestInput['kind'], options: { readonly planId: string; readonly countRequest: boolean; readonly force: boolean }): Promise<PrepareOutcome> {
    const roles = this.deps.access.rolesOf(requester);
    const direct = can.resendDirectly(roles);
    const max = this.settings.managerMaxUsers;
    if (!direct && parsed.identifiers.length > max) {
      return this.refuse(requester, `You can ask for at most ${max} users in one request (you named ${parsed.identifiers.length}). Split the list, or ask your helpdesk.`);
    }
    try {
      // Named before the lookups so that each audited read points at the plan it was made for.
      const { planId } = options;
      const lookups = direct ? parsed.identifiers : [...parsed.identifiers, { raw: requester.email ?? '', kind: 'email' as const, value: (requester.email ?? '').toLowerCase(), line: 0 }];
      const resolutions = await this.deps.directory.resolve(lookups, (read) => this.records.read(read, { planId, actor: requester }));
      const me = direct ? null : resolutions.pop();
      if (me?.error) return this.refuse(requester, `Okta could not be asked who you are (${me.error}). Try again shortly.`);
      const manager = me ? requesterAccount(me.matches, requester.email ?? '') : undefined;
      if (me && !manager) {
        return this.refuse(requester, `No single Okta user has your email (${requester.email}), so your direct reports cannot be found. Ask your helpdesk.`);
      }
      if (manager && !canVouchAsManager(manager)) {
        return this.refuse(requester, `Your own Okta account (${manager.login}) is ${manager.status}${manager.activated === null ? ', never activated' : ''}, so it cannot vouch for anyone. Ask your helpdesk.`);
      }
      // Counted only once the request is one that gets a plan: a refusal must not use up the hour.
      if (!direct && options.countRequest && !(await this.limits.tryRecord(requester, this.now()))) {
        return this.refuse(requester, `You have made ${this.settings.managerMaxRequestsPerHour} requests in the last hour, the most allowed. Try again later, or ask your helpdesk.`);
      }
      const now = this.now();
      const recentlySent = options.force ? new Set<string>() : await this.heldUsers(resolutions);
      const plan = buildPlan({
        id: planId,
        source,
        requester,
        now,
        recentlySent,
        suppressionMinutes: this.suppression.windowMinutes,
        ttlMs: this.settings.planTtlSeconds * 1000,
        resolutions,
        rejected: parsed.rejected,
        duplicates: parsed.duplicates,
        ...(manager ? { authorityFor: (user) => (isManagedBy(user, manager) ? 'direct' : 'approval') } : {}),
        allowedOffers: [...(can.sendPasswordReset(roles) ? ['reset_password' as const] : []), ...(can.activateDeprovisioned(roles) ? ['activate_deprovisioned' as const] : [])],
      });
      await this.plans.save(plan, now);
      this.records.plan(plan, roles);
      return { kind: 'planned', plan };
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) return { kind: 'unavailable', message: error.message };
      throw error;
    }
  }

  /**
   * A separate plan for an alternative the first plan offered (password-reset emails, or
   * reactivating deactivated accounts): confirming it is the explicit second confirmation.
   */
  async prepareAlternative(planId: string, actor: Requester, alternative: AlternativeAction): Promise<PrepareOutcome | SettleRefusal> {
    const parent = await this.pendingPlan(planId, actor);
    if ('message' in parent) return parent;
    if (!this.mayRun(alternative, actor)) return this.refuseClick(actor, refusalFor(alternative), { planId });
    // One alternative plan per plan and kind: a double click must not post two of them.
    if (!(await this.deps.store.setIfAbsent(`alternative:${parent.id}:${alternative}`, true, this.settings.planTtlSeconds))) {
      return { kind: 'already_confirmed', message: 'That plan is already there: confirm or cancel it.' };
    }
    const now = this.now();
    const resolutions = parent.entries
      .filter((entry) => entry.user && entry.decision.kind === 'skip' && entry.decision.alternative === alternative)
      .map((entry) => ({ identifier: entry.identifier, matches: entry.matches }));
    const plan = buildPlan({ id: newId('plan'), kind: alternative, parentId: parent.id, source: parent.source, requester: actor, now, ttlMs: this.settings.planTtlSeconds * 1000, resolutions, rejected: [], duplicates: 0 });
    await this.plans.save(plan, now);
    this.records.plan(plan, this.deps.access.rolesOf(actor));
    return { kind: 'planned', plan };
  }

  /**
   * "Send anyway" to the users a finished run left in doubt (a timed-out call, or one in flight
   * when a process died): a new plan of just them, read again from Okta and planned by the same
   * policy, marked forced (their suppression claims are exactly what would stop them). Only the
   * run's requester or confirmer, or helpdesk; one such plan per run; confirming it is the choice.
   */
  async prepareSendAnyway(runId: string, actor: Requester): Promise<PrepareOutcome | SettleRefusal> {
    const report = await this.durable.runs.report(runId);
    if (!report) return { kind: 'unknown', message: 'That run is no longer known, so I cannot tell who was in doubt. Ask again for the users you still need.' };
    const roles = this.deps.access.rolesOf(actor);
    if (!sameRequester(report.requester, actor) && !sameRequester(report.confirmedBy, actor) && !can.resendDirectly(roles)) {
      return this.refuseClick(actor, 'Only the person who asked for this run, or helpdesk, can send to its users anyway.', { planId: runId });
    }
    const doubtful = report.results.filter((result) => result.reason === 'in_doubt' && result.userId !== null);
    if (doubtful.length === 0) return { kind: 'already_confirmed', message: 'Nobody in that run is in doubt any more.' };
    if (!(await this.deps.store.setIfAbsent(`send-anyway:${runId}`, true, this.settings.planTtlSeconds))) {
      return { kind: 'already_confirmed', message: 'That plan is already there: confirm or cancel it.' };
    }
    const planId = newId('plan');
    let resolutions: Resolution[];
    try {
      resolutions = await Promise.all(
        doubtful.map(async (result) => {
          const fresh = await this.deps.directory.getUser(result.userId ?? '', (read) => this.records.read(read, { planId, actor, userId: result.userId ?? '' }));
          return { identifier: result.identifier, matches: fresh ? [fresh] : [] };
        }),
      );
    } catch (error) {
      await this.deps.store.delete(`send-anyway:${runId}`);
      return { kind: 'unavailable', message: `Okta did not answer while the users were read again (${error instanceof Error ? error.message : String(error)}). Nothing was planned: try again shortly.` };
    }
    const now = this.now();
    const plan = buildPlan({ id: planId, parentId: runId, source: 'text', requester: actor, now, ttlMs: this.settings.planTtlSeconds * 1000, resolutions, rejected: [], duplicates: 0, forced: true });
    await this.plans.save(plan, now);
    this.records.plan(plan, roles);
    return { kind: 'planned', plan };
  }

  /**
   * The surface could not show an alternative plan (the chat platform failed): it is withdrawn,
   * so that pressing the offer again makes a new one instead of "That plan is already there".
   */
  async alternativeNotShown(plan: Plan): Promise<void> {
    if (plan.forced && plan.parentId) {
      await this.plans.settle(plan, 'cancelled', this.now());
      await this.deps.store.delete(`send-anyway:${plan.parentId}`);
      return;
    }
    if (plan.kind === 'resend' || plan.parentId === null) return;
    await this.plans.settle(plan, 'cancelled', this.now());
    await this.deps.store.delete(`alternative:${plan.parentId}:${plan.kind}`);
  }

  /** Only the requester confirms; an expired plan does not run; the second confirm does nothing. */
  async confirm(planId: string, actor: Requester, replyTo: ReplyTarget | null = null): Promise<ConfirmOutcome> {
    const plan = await this.pendingPlan(planId, actor);
    if ('message' in plan) return plan;
    if (plan.kind !== 'resend' && !this.mayRun(plan.kind, actor)) return this.refuseClick(actor, refusalFor(plan.kind), { planId });
    const now = this.now();
    const settled = await this.plans.settle(plan, 'confirmed', now);
    if (!settled.won) return alreadySettled(settled.state);
    this.audit.record({ type: 'confirm', planId, actor });
    const approval = plan.counts.approval > 0 ? await this.approvals.create(plan, newId('appr'), now, this.settings.approvalTtlSeconds * 1000, replyTo) : null;
    if (approval) this.audit.record({ type: 'approval_requested', approvalId: approval.id, planId, requester: actor, users: auditedUsers(approval.entries) });
    return { kind: 'confirmed', plan, approval };
  }

  async cancel(planId: string, actor: Requester): Promise<CancelOutcome> {
    const plan = await this.plans.get(planId);
    if (!plan) return { kind: 'unknown', message: 'This request is no longer known.' };
    if (!sameRequester(plan.requester, actor)) return { kind: 'not_yours', message: `This is not your request: only ${plan.requester.displayName} can cancel it.` };
    const settled = await this.plans.settle(plan, 'cancelled', this.now());
    if (!settled.won) return alreadySettled(settled.state);
    this.audit.record({ type: 'cancel', planId, actor });
    return { kind: 'cancelled', plan };
  }

  /**
   * Approvers only, never the requester; statuses are read again because hours may have passed.
   * The re-read comes before the decision is stored: if Okta cannot answer, nothing is used up and
   * the approver can simply press again.
   */
  async decideApproval(approvalId: string, approver: Requester, approve: boolean): Promise<ApproveOutcome> {
    const approval = await this.approvals.get(approvalId);
    if (!approval) return { kind: 'unknown', message: 'This approval request is no longer known.' };
    if (!can.approve(this.deps.access.rolesOf(approver))) return this.refuseClick(approver, 'Only approvers can approve or deny resend requests.', { approvalId });
    if (sameRequester(approval.requester, approver)) return this.refuseClick(approver, 'You cannot approve your own request.', { approvalId });
    const ended = await this.approvals.state(approval);
    if (ended) return this.endedApproval(approval, ended);
    const now = this.now();
    if (now > approval.expiresAt) {
      const expiredNow = (await this.approvals.settle(approval, { state: 'expired' }, now)).won;
      if (expiredNow) this.records.expired(approval);
      return { kind: 'approval_expired', approval, message: 'This approval request expired. The requester can ask again.', expiredNow };
    }
    let resolutions: Resolution[] = [];
    if (approve) {
      try {
        resolutions = await Promise.all(
          approval.entries.map(async (entry) => {
            const userId = entry.user?.id;
            const fresh = userId ? await this.deps.directory.getUser(userId, (read) => this.records.read(read, { planId: approval.planId, approvalId, actor: approver, userId })) : null;
            return { identifier: entry.identifier, matches: fresh ? [fresh] : [] };
          }),
        );
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return { kind: 'unavailable', message: `Okta did not answer while the users were read again (${detail}). Nothing was decided: press Approve again shortly.` };
      }
    }
    const settled = await this.approvals.settle(approval, { state: approve ? 'approved' : 'denied', by: approver }, now);
    if (!settled.won) return this.endedApproval(approval, settled.decision);
    this.audit.record({ type: approve ? 'approved' : 'denied', approvalId, planId: approval.planId, approver, requester: approval.requester, users: auditedUsers(approval.entries) });
    if (!approve) return { kind: 'denied', approval };
    const plan = buildPlan({ id: newId('plan'), parentId: approval.planId, requester: approval.requester, now, ttlMs: 0, resolutions, rejected: [], duplicates: 0 });
    // Stored and confirmed by the approval itself, so that execute finds it runnable, once.
    await this.plans.save(plan, now);
    await this.plans.settle(plan, 'confirmed', now);
    this.records.plan(plan, this.deps.access.rolesOf(approver), approvalId);
    return { kind: 'approved', approval, plan };
  }

  /** Where a surface posted the approval request (so that an expired one can be closed there). */
  async approvalPosted(approval: Approval, postedAt: ReplyTarget): Promise<Approval> {
    const posted = await this.approvals.markPosted(approval, postedAt, this.now());
    this.audit.record({ type: 'approval_posted', approvalId: approval.id, planId: approval.planId, detail: Object.values(postedAt).join(' ') });
    return posted;
  }

  /** The surface could not post the request (no approval channel, not a member): it can never be approved. */
  async approvalNotPosted(approval: Approval, why: string): Promise<void> {
    await this.approvals.settle(approval, { state: 'not_posted' }, this.now());
    this.audit.record({ type: 'approval_not_posted', approvalId: approval.id, planId: approval.planId, detail: why });
  }

  /**
   * Settles every open approval past its expiry as expired (a click after that cannot run it) and
   * returns them, so that the surfaces close their messages and tell the requesters.
   */
  async expireApprovals(surface: Surface): Promise<Approval[]> {
    const expired = await this.approvals.expireDue(this.now(), surface);
    for (const approval of expired) this.records.expired(approval);
    return expired;
  }

  /**
   * Runs a plan that `confirm` (or an approval) returned: only a confirmed plan, and only once,
   * whatever a surface does.
   */
  async execute(plan: Plan, confirmedBy: Requester, hooks: RunHooks = {}): Promise<RunReport> {
    if ((await this.plans.state(plan.id)) !== 'confirmed') throw new PlanNotRunnableError('This plan was not confirmed, so nothing runs.');
    if (!(await this.plans.claimRun(plan, this.now()))) throw new PlanNotRunnableError('This plan ran already: it runs once.');
    // The surface has posted the approval request (or failed to) before the run: its users are
    // reported as waiting only if an approver was really asked.
    const approval = plan.counts.approval > 0 ? await this.approvals.ofPlan(plan.id) : undefined;
    const nobodyAsked = approval !== undefined && (await this.approvals.state(approval))?.state === 'not_posted';
    const run: DurableRun = {
      id: plan.id,
      plan,
      confirmedBy,
      surface: confirmedBy.surface,
      replyTo: hooks.replyTo ?? null,
      force: hooks.force ?? plan.forced ?? false,
      awaitingApprovalMessage: nobodyAsked ? 'Not sent: no approver could be asked. Ask your helpdesk.' : null,
      startedAt: this.now(),
    };
    return this.durable.start(run, hooks.onProgress ? { onProgress: hooks.onProgress } : {});
  }

  /**
   * A surface reports runs it takes over (their process died or was drained) in their thread.
   * Call before startRunRecovery.
   */
  onResumedRun(surface: Surface, handler: ResumeHandler): void {
    this.durable.onResumed(surface, handler);
  }

  /** Takes over orphaned runs now and then every third of a lease (server processes only). */
  startRunRecovery(): void {
    this.durable.startRecovery();
  }

  /** Looks for orphaned runs once (tests, and start-up). */
  recoverRuns(): Promise<void> {
    return this.durable.recover();
  }

  /** Shutdown: see DurableRuns.drain. */
  drainRuns(softDeadline: number, hardDeadline: number): Promise<void> {
    return this.durable.drain(softDeadline, hardDeadline);
  }

  /** Resumed runs still reporting (tests wait for them). */
  resumedRunsIdle(): Promise<void> {
    return this.durable.idle();
  }

  private executeRun(run: DurableRun, journal: RunJournal, hooks: DriveHooks): Promise<Execution> {
    const { plan, confirmedBy } = run;
    return executePlan(plan, {
      ...(run.awaitingApprovalMessage ? { awaitingApprovalMessage: run.awaitingApprovalMessage } : {}),
      directory: this.deps.directory,
      suppression: this.suppression,
      concurrency: this.settings.concurrency,
      confirmedBy,
      now: this.now,
      force: run.force,
      journal,
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      onCall: (call) => this.records.call(plan.id, confirmedBy, call),
      onRead: (userId) => (read) => this.records.read(read, { planId: plan.id, actor: confirmedBy, userId }),
      onResult: (result) => this.records.result(plan.id, result),
    });
  }

  private async recordOutcome(run: DurableRun, report: RunReport): Promise<void> {
    const seconds = Math.round((report.finishedAt - report.startedAt) / 100) / 10;
    this.audit.record({ type: 'outcome', planId: run.plan.id, kind: run.plan.kind, requester: run.plan.requester, actor: run.confirmedBy, ...report.counts, seconds });
    // Follow-ups and the delivery check wait in the store: any process does them at their time.
    await this.desk.onboarding.afterRun(run, report).catch((error: unknown) => this.audit.record({ type: 'run_error', planId: run.id, detail: `queueing follow-ups: ${error instanceof Error ? error.message : String(error)}` }));
  }

  /** See ScheduleDesk.schedule: a shown plan sent later instead of now. */
  schedule(planId: string, actor: Requester, when: ScheduleRequest, replyTo: ReplyTarget | null): Promise<ScheduleOutcome> {
    return this.desk.schedule(planId, actor, when, replyTo);
  }

  listScheduled(actor: Requester): Promise<ScheduleLine[]> {
    return this.desk.listScheduled(actor);
  }

  cancelScheduled(scheduleId: string, actor: Requester): ReturnType<ScheduleDesk['cancelScheduled']> {
    return this.desk.cancelScheduled(scheduleId, actor);
  }

  /** Approvals and scheduled sends still waiting (gauges read at scrape time). */
  waitingCounts(): Promise<{ readonly approvals: number; readonly scheduledSends: number }> {
    return this.desk.waitingCounts();
  }

  /** A surface reports scheduled sends, follow-ups and delivery checks of its requests. */
  onOnboarding(surface: Surface, handlers: OnboardingHandlers): void {
    this.desk.onboarding.register(surface, handlers);
  }

  /** Looks for due timed work every settings.timedWorkIntervalMs (server processes). */
  startTimedWork(): void {
    this.desk.onboarding.start(this.settings.timedWorkIntervalMs);
  }

  /** Works what is due now, once (tests move the clock and call this). */
  runDueWork(): Promise<void> {
    return this.desk.onboarding.tick();
  }

  stopTimedWork(): Promise<void> {
    return this.desk.onboarding.stop();
  }

  prepareFollowUpResend(runId: string, actor: Requester): Promise<PrepareOutcome | SettleRefusal> {
    return this.desk.prepareFollowUpResend(runId, actor);
  }

  clearBounces(runId: string, actor: Requester): ReturnType<ScheduleDesk['clearBounces']> {
    return this.desk.clearBounces(runId, actor);
  }

  /**
   * True the first time a chat platform's delivery id is seen: Slack retries an event it thinks
   * was lost, Teams redelivers an activity, and with replicas the retry may land on another one.
   */
  firstDelivery(surface: Surface, deliveryId: string): Promise<boolean> {
    return this.deps.store.setIfAbsent(`delivery:${surface}:${deliveryId}`, true, DELIVERY_MEMORY_SECONDS);
  }

  rolesOf(requester: Requester) {
    return this.deps.access.rolesOf(requester);
  }

  private async pendingPlan(planId: string, actor: Requester): Promise<Plan | SettleRefusal> {
    const plan = await this.plans.get(planId);
    if (!plan) return { kind: 'unknown', message: 'This request is no longer known. Run the command again.' };
    if (!sameRequester(plan.requester, actor)) return { kind: 'not_yours', message: `This is not your request: only ${plan.requester.displayName} can confirm it.` };
    if (this.now() > plan.expiresAt) return { kind: 'expired', message: `This plan expired after ${Math.round(this.settings.planTtlSeconds / 60)} minutes. Run the command again to see a fresh one.` };
    return plan;
  }

  /** The resolved users someone emailed within the window, so that the plan says so up front. */
  private async heldUsers(resolutions: readonly Resolution[]): Promise<Set<string>> {
    const ids = resolutions.flatMap((r) => (r.matches.length === 1 && r.matches[0] ? [r.matches[0].id] : []));
    const held = await Promise.all(ids.map(async (id) => ((await this.suppression.isHeld(id)) ? id : null)));
    return new Set(held.filter((id): id is string => id !== null));
  }

  private mayRun(alternative: AlternativeAction, actor: Requester): boolean {
    const roles = this.deps.access.rolesOf(actor);
    return alternative === 'reset_password' ? can.sendPasswordReset(roles) : can.activateDeprovisioned(roles);
  }

  private refuse(requester: Requester, message: string): PrepareOutcome {
    this.audit.record({ type: 'refused', requester, reason: message });
    return { kind: 'refused', message };
  }

  /** A click or choice the core turned down: audited like a refused request. */
  private refuseClick(actor: Requester, message: string, about: { planId?: string; approvalId?: string }): SettleRefusal {
    this.audit.record({ type: 'refused', requester: actor, reason: message, ...about });
    return { kind: 'refused', message };
  }

  private endedApproval(approval: Approval, ended: ApprovalState): ApproveOutcome {
    if (ended.state === 'expired') return { kind: 'approval_expired', approval, message: 'This approval request expired. The requester can ask again.', expiredNow: false };
    if (ended.state === 'not_posted') return { kind: 'unknown', message: 'This approval request was never posted for approvers, so it cannot be decided.' };
    return { kind: ended.state === 'approved' ? 'already_confirmed' : 'already_cancelled', message: `Already ${ended.state} by ${ended.by.displayName}.` };
  }
}

/**
 * The requester's own Okta account from their chat email: the one user whose login is that
 * address (logins are unique, so a second account that only shares the mailbox, like an admin
 * account, does not make it ambiguous), else the one user with that email, else none.
 */
function requesterAccount(matches: readonly DirectoryUser[], email: string): DirectoryUser | undefined {
  const byLogin = matches.filter((user) => user.login.toLowerCase() === email.toLowerCase());
  if (byLogin.length === 1) return byLogin[0];
  return matches.length === 1 ? matches[0] : undefined;
}

function refusalFor(alternative: AlternativeAction): string {
  return alternative === 'reset_password'
    ? 'Only helpdesk staff can send password-reset emails.'
    : 'Only admins can reactivate deactivated accounts.';
}


