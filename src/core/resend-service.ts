import { randomBytes } from 'node:crypto';
import { discardAudit, type AuditSink } from './audit.ts';
import type { AccessPolicy } from './authorization.ts';
import { DirectoryUnavailableError, isCoreError } from './errors.ts';
import { executePlan, type RunProgress } from './execute-plan.ts';
import type { ParsedIdentifiers } from './identifiers.ts';
import type { UserDirectory } from './lifecycle.ts';
import { INPUT_LIMITS, type InputLimits } from './limits.ts';
import { parseIdentifierFile, parseIdentifierHtml, parseIdentifierText } from './parse/index.ts';
import { buildPlan, type Plan } from './plan.ts';
import { PlanStore } from './plan-store.ts';
import { sameRequester, type Requester } from './requester.ts';
import type { EntryResult, RunReport } from './run-report.ts';
import type { KeyValueStore } from './store.ts';
import { SuppressionWindow } from './suppression.ts';

/** What a surface hands the core: the words, message or file exactly as received. */
export type RequestInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'html'; readonly html: string }
  | { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array };

export type PrepareOutcome =
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string }
  /** Okta refused the bot's own credentials: nothing to do with the people named. */
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'nothing'; readonly message: string; readonly parsed: ParsedIdentifiers }
  | { readonly kind: 'planned'; readonly plan: Plan };

/** Why a confirm or cancel did nothing; `message` is for the person who clicked. */
export type SettleRefusal = {
  readonly kind: 'refused' | 'unknown' | 'not_yours' | 'expired' | 'already_confirmed' | 'already_cancelled';
  readonly message: string;
};
export type ConfirmOutcome = { readonly kind: 'confirmed'; readonly plan: Plan } | SettleRefusal;
export type CancelOutcome = { readonly kind: 'cancelled'; readonly plan: Plan } | SettleRefusal;

export interface ResendSettings {
  readonly planTtlSeconds: number;
  readonly suppressionSeconds: number;
  readonly concurrency: number;
  readonly limits: InputLimits;
}

export const DEFAULT_SETTINGS: ResendSettings = {
  planTtlSeconds: 15 * 60,
  suppressionSeconds: 10 * 60,
  concurrency: 8,
  limits: INPUT_LIMITS,
};

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
 * The one entry point every surface uses: parse → resolve → plan (prepare), confirm, execute.
 * Authorization is checked here, at prepare and again at confirm, never in an adapter.
 */
export class ResendService {
  readonly settings: ResendSettings;
  private readonly plans: PlanStore;
  private readonly suppression: SuppressionWindow;
  private readonly audit: AuditSink;
  private readonly now: () => number;

  constructor(private readonly deps: ResendServiceDeps) {
    this.settings = { ...DEFAULT_SETTINGS, ...deps.settings };
    this.plans = new PlanStore(deps.store);
    this.suppression = new SuppressionWindow(deps.store, this.settings.suppressionSeconds);
    this.audit = deps.audit ?? discardAudit;
    this.now = deps.now ?? Date.now;
  }

  async prepare(requester: Requester, input: RequestInput): Promise<PrepareOutcome> {
    const decision = this.deps.access.authorize(requester);
    if (!decision.allowed) {
      this.audit.record({ type: 'refused', requester, reason: decision.reason });
      return { kind: 'refused', message: decision.reason };
    }
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
    let resolutions;
    try {
      resolutions = await this.deps.directory.resolve(parsed.identifiers);
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) return { kind: 'unavailable', message: error.message };
      throw error;
    }
    const now = this.now();
    const plan = buildPlan({
      id: newPlanId(),
      requester,
      now,
      ttlMs: this.settings.planTtlSeconds * 1000,
      resolutions,
      rejected: parsed.rejected,
      duplicates: parsed.duplicates,
    });
    await this.plans.save(plan, now);
    this.audit.record({ type: 'plan', planId: plan.id, requester, send: plan.counts.send, skip: plan.counts.skip });
    return { kind: 'planned', plan };
  }

  /** Only the requester confirms; an expired plan does not run; the second confirm does nothing. */
  async confirm(planId: string, actor: Requester): Promise<ConfirmOutcome> {
    const plan = await this.plans.get(planId);
    if (!plan) return { kind: 'unknown', message: 'This request is no longer known. Run the command again.' };
    if (!sameRequester(plan.requester, actor)) return { kind: 'not_yours', message: `This is not your request: only ${plan.requester.displayName} can confirm it.` };
    const decision = this.deps.access.authorize(actor);
    if (!decision.allowed) return { kind: 'refused', message: decision.reason };
    const now = this.now();
    if (now > plan.expiresAt) return { kind: 'expired', message: `This plan expired after ${Math.round(this.settings.planTtlSeconds / 60)} minutes. Run the command again to see a fresh one.` };
    const settled = await this.plans.settle(plan, 'confirmed', now);
    if (!settled.won) return alreadySettled(settled.state);
    this.audit.record({ type: 'confirm', planId, actor });
    return { kind: 'confirmed', plan };
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

  /** Runs a plan that `confirm` returned. */
  async execute(plan: Plan, confirmedBy: Requester, hooks: RunHooks = {}): Promise<RunReport> {
    const report = await executePlan(plan, {
      directory: this.deps.directory,
      suppression: this.suppression,
      concurrency: this.settings.concurrency,
      confirmedBy,
      now: this.now,
      ...(hooks.force === undefined ? {} : { force: hooks.force }),
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      onResult: (result) => this.recordCall(plan.id, result),
    });
    this.audit.record({ type: 'outcome', planId: plan.id, ...report.counts });
    return report;
  }

  private recordCall(planId: string, result: EntryResult): void {
    if (!result.action || !result.userId) return;
    this.audit.record({
      type: 'lifecycle',
      planId,
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

function parseInput(input: RequestInput, limits: InputLimits): ParsedIdentifiers {
  switch (input.kind) {
    case 'text':
      return parseIdentifierText(input.text, { mode: 'strict', limits });
    case 'message':
      return parseIdentifierText(input.text, { mode: 'extract', limits });
    case 'html':
      return parseIdentifierHtml(input.html);
    case 'file':
      return parseIdentifierFile({ name: input.name, bytes: input.bytes }, { limits });
  }
}

function alreadySettled(state: 'confirmed' | 'cancelled'): SettleRefusal {
  return state === 'confirmed'
    ? { kind: 'already_confirmed', message: 'Already confirmed: this plan runs once.' }
    : { kind: 'already_cancelled', message: 'This plan was cancelled.' };
}

function newPlanId(): string {
  return `plan_${randomBytes(9).toString('base64url')}`;
}
