import { randomBytes } from 'node:crypto';
import { ApprovalStore, type Approval, type ReplyTarget } from './approvals.ts';
import { discardAudit, type AuditSink } from './audit.ts';
import { can, type AccessPolicy } from './authorization.ts';
import { DirectoryUnavailableError, isCoreError } from './errors.ts';
import { executePlan, type RunProgress } from './execute-plan.ts';
import type { ParsedIdentifiers } from './identifiers.ts';
import type { UserDirectory } from './lifecycle.ts';
import { isManagedBy } from './manager-scope.ts';
import { buildPlan, type Plan } from './plan.ts';
import { PlanStore } from './plan-store.ts';
import { parseInput, type RequestInput } from './request-input.ts';
import { RequesterLimits } from './requester-limits.ts';
import { sameRequester, type Requester } from './requester.ts';
import type { AlternativeAction } from './resend-policy.ts';
import type { EntryResult, RunReport } from './run-report.ts';
import { DEFAULT_SETTINGS, type ResendSettings } from './settings.ts';
import type { KeyValueStore } from './store.ts';
import { SuppressionWindow } from './suppression.ts';

export type { RequestInput } from './request-input.ts';
export { DEFAULT_SETTINGS, type ResendSettings } from './settings.ts';

export type PrepareOutcome =
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string }
  /** Okta refused the bot's own credentials: nothing to do with the people named. */
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'nothing'; readonly message: string; readonly parsed: ParsedIdentifiers }
  | { readonly kind: 'planned'; readonly plan: Plan };

/** Why a confirm, cancel, approve or deny did nothing; `message` is for the person who clicked. */
export type SettleRefusal = {
  readonly kind: 'refused' | 'unknown' | 'not_yours' | 'expired' | 'already_confirmed' | 'already_cancelled';
  readonly message: string;
};
/** `approval` is set when part of the plan now waits for an approver: the surface posts it. */
export type ConfirmOutcome = { readonly kind: 'confirmed'; readonly plan: Plan; readonly approval: Approval | null } | SettleRefusal;
export type CancelOutcome = { readonly kind: 'cancelled'; readonly plan: Plan } | SettleRefusal;
export type ApproveOutcome =
  | { readonly kind: 'approved'; readonly approval: Approval; readonly plan: Plan }
  | { readonly kind: 'denied'; readonly approval: Approval }
  /** Too late: nothing is sent; the surface closes the approval message with this. */
  | { readonly kind: 'approval_expired'; readonly approval: Approval; readonly message: string }
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
  private readonly now: () => number;

  constructor(private readonly deps: ResendServiceDeps) {
    this.settings = { ...DEFAULT_SETTINGS, ...deps.settings };
    this.plans = new PlanStore(deps.store);
    this.approvals = new ApprovalStore(deps.store);
    this.suppression = new SuppressionWindow(deps.store, this.settings.suppressionSeconds);
    this.limits = new RequesterLimits(deps.store, this.settings.managerMaxRequestsPerHour);
    this.audit = deps.audit ?? discardAudit;
    this.now = deps.now ?? Date.now;
  }

  async prepare(requester: Requester, input: RequestInput): Promise<PrepareOutcome> {
    const roles = this.deps.access.rolesOf(requester);
    const direct = can.resendDirectly(roles);
    if (!direct && !requester.email) return this.refuse(requester, 'You are not helpdesk, and your chat account shows no email, so your new hires cannot be found. Ask your helpdesk.');
    let parsed: ParsedIdentifiers;
    try {
      parsed = parseInput(input, this.settings.limits);
    } catch (error) {
      if (isCoreError(error)) return { kind: 'invalid', message: error.message };
      throw error;
    }
    this.audit.record({ type: 'request', requester, source: input.kind, identifiers: parsed.identifiers.length, rejected: parsed.rejected.length });
    if (parsed.identifiers.length === 0) {
      const message = parsed.rejected.length > 0 ? 'None of the entries is a login, email or Okta user id.' : 'No users named. Give emails, logins or Okta user ids.';
      return { kind: 'nothing', message, parsed };
    }
    const max = this.settings.managerMaxUsers;
    if (!direct && parsed.identifiers.length > max) {
      return this.refuse(requester, `You can ask for at most ${max} users in one request (you named ${parsed.identifiers.length}). Split the list, or ask your helpdesk.`);
    }
    if (!direct && !(await this.limits.tryRecord(requester, this.now()))) {
      return this.refuse(requester, `You have made ${this.settings.managerMaxRequestsPerHour} requests in the last hour, the most allowed. Try again later, or ask your helpdesk.`);
    }
    try {
      const lookups = direct ? parsed.identifiers : [...parsed.identifiers, { raw: requester.email ?? '', kind: 'email' as const, value: (requester.email ?? '').toLowerCase(), line: 0 }];
      const resolutions = await this.deps.directory.resolve(lookups);
      const me = direct ? null : resolutions.pop();
      if (me && me.matches.length !== 1) {
        return this.refuse(requester, `No single Okta user has your email (${requester.email}), so your direct reports cannot be found. Ask your helpdesk.`);
      }
      const manager = me?.matches[0];
      const now = this.now();
      const plan = buildPlan({
        id: newId('plan'),
        requester,
        now,
        ttlMs: this.settings.planTtlSeconds * 1000,
        resolutions,
        rejected: parsed.rejected,
        duplicates: parsed.duplicates,
        ...(manager ? { authorityFor: (user) => (isManagedBy(user, manager) ? 'direct' : 'approval') } : {}),
        allowedOffers: [...(can.sendPasswordReset(roles) ? ['reset_password' as const] : []), ...(can.activateDeprovisioned(roles) ? ['activate_deprovisioned' as const] : [])],
      });
      await this.plans.save(plan, now);
      this.audit.record({ type: 'plan', planId: plan.id, requester, send: plan.counts.send, skip: plan.counts.skip, approval: plan.counts.approval, roles: [...roles] });
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
    if (!this.mayRun(alternative, actor)) return { kind: 'refused', message: refusalFor(alternative) };
    // One alternative plan per plan and kind: a double click must not post two of them.
    if (!(await this.deps.store.setIfAbsent(`alternative:${parent.id}:${alternative}`, true, this.settings.planTtlSeconds))) {
      return { kind: 'already_confirmed', message: 'That plan is already there: confirm or cancel it.' };
    }
    const now = this.now();
    const resolutions = parent.entries
      .filter((entry) => entry.user && entry.decision.kind === 'skip' && entry.decision.alternative === alternative)
      .map((entry) => ({ identifier: entry.identifier, matches: entry.matches }));
    const plan = buildPlan({ id: newId('plan'), kind: alternative, parentId: parent.id, requester: actor, now, ttlMs: this.settings.planTtlSeconds * 1000, resolutions, rejected: [], duplicates: 0 });
    await this.plans.save(plan, now);
    this.audit.record({ type: 'plan', planId: plan.id, requester: actor, send: plan.counts.send, skip: plan.counts.skip, approval: 0, roles: [...this.deps.access.rolesOf(actor)], alternative });
    return { kind: 'planned', plan };
  }

  /** Only the requester confirms; an expired plan does not run; the second confirm does nothing. */
  async confirm(planId: string, actor: Requester, replyTo: ReplyTarget | null = null): Promise<ConfirmOutcome> {
    const plan = await this.pendingPlan(planId, actor);
    if ('message' in plan) return plan;
    if (plan.kind !== 'resend' && !this.mayRun(plan.kind, actor)) return { kind: 'refused', message: refusalFor(plan.kind) };
    const now = this.now();
    const settled = await this.plans.settle(plan, 'confirmed', now);
    if (!settled.won) return alreadySettled(settled.state);
    this.audit.record({ type: 'confirm', planId, actor });
    const approval = plan.counts.approval > 0 ? await this.approvals.create(plan, newId('appr'), now, this.settings.approvalTtlSeconds * 1000, replyTo) : null;
    if (approval) this.audit.record({ type: 'approval_requested', approvalId: approval.id, planId, requester: actor, users: approval.entries.length });
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

  /** Approvers only, never the requester; statuses are read again because hours may have passed. */
  async decideApproval(approvalId: string, approver: Requester, approve: boolean): Promise<ApproveOutcome> {
    const approval = await this.approvals.get(approvalId);
    if (!approval) return { kind: 'unknown', message: 'This approval request is no longer known.' };
    if (!can.approve(this.deps.access.rolesOf(approver))) return { kind: 'refused', message: 'Only approvers can approve or deny resend requests.' };
    if (sameRequester(approval.requester, approver)) return { kind: 'refused', message: 'You cannot approve your own request.' };
    const now = this.now();
    if (now > approval.expiresAt) return { kind: 'approval_expired', approval, message: 'This approval request expired. The requester can ask again.' };
    const settled = await this.approvals.settle(approval, { state: approve ? 'approved' : 'denied', by: approver }, now);
    if (!settled.won) {
      const { state, by } = settled.decision;
      return { kind: state === 'approved' ? 'already_confirmed' : 'already_cancelled', message: `Already ${state} by ${by.displayName}.` };
    }
    this.audit.record({ type: approve ? 'approved' : 'denied', approvalId, planId: approval.planId, approver, requester: approval.requester });
    if (!approve) return { kind: 'denied', approval };
    const resolutions = await Promise.all(
      approval.entries.map(async (entry) => {
        const fresh = entry.user ? await this.deps.directory.getUser(entry.user.id) : null;
        return { identifier: entry.identifier, matches: fresh ? [fresh] : [] };
      }),
    );
    const plan = buildPlan({ id: newId('plan'), parentId: approval.planId, requester: approval.requester, now, ttlMs: 0, resolutions, rejected: [], duplicates: 0 });
    return { kind: 'approved', approval, plan };
  }

  /** Runs a plan that `confirm` (or an approval) returned. */
  async execute(plan: Plan, confirmedBy: Requester, hooks: RunHooks = {}): Promise<RunReport> {
    const report = await executePlan(plan, {
      directory: this.deps.directory,
      suppression: this.suppression,
      concurrency: this.settings.concurrency,
      confirmedBy,
      now: this.now,
      ...(hooks.force === undefined ? {} : { force: hooks.force }),
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      onResult: (result) => this.recordCall(plan.id, confirmedBy, result),
    });
    this.audit.record({ type: 'outcome', planId: plan.id, ...report.counts });
    return report;
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

  private mayRun(alternative: AlternativeAction, actor: Requester): boolean {
    const roles = this.deps.access.rolesOf(actor);
    return alternative === 'reset_password' ? can.sendPasswordReset(roles) : can.activateDeprovisioned(roles);
  }

  private refuse(requester: Requester, message: string): PrepareOutcome {
    this.audit.record({ type: 'refused', requester, reason: message });
    return { kind: 'refused', message };
  }

  private recordCall(planId: string, actor: Requester, result: EntryResult): void {
    if (!result.action || !result.userId) return;
    this.audit.record({
      type: 'lifecycle',
      planId,
      actor: actor.userId,
      userId: result.userId,
      login: result.login,
      action: result.action,
      statusBefore: result.statusBefore,
      outcome: result.outcome,
      reason: result.reason,
      oktaRequestId: result.requestId,
    });
  }
}

function refusalFor(alternative: AlternativeAction): string {
  return alternative === 'reset_password'
    ? 'Only helpdesk staff can send password-reset emails.'
    : 'Only admins can reactivate deactivated accounts.';
}

function alreadySettled(state: 'confirmed' | 'cancelled'): SettleRefusal {
  return state === 'confirmed'
    ? { kind: 'already_confirmed', message: 'Already confirmed: this plan runs once.' }
    : { kind: 'already_cancelled', message: 'This plan was cancelled.' };
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
