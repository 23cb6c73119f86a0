import { randomBytes } from 'node:crypto';
import type { Approval } from '../approvals.ts';
import type { DeliveryRead, EmailedUser } from '../delivery.ts';
import type { DirectoryUser } from '../directory-user.ts';
import type { Plan } from '../plan.ts';
import type { Surface } from '../requester.ts';
import type { RunReport } from '../run-report.ts';
import type { DurableRun } from '../runs/durable-run.ts';
import { describeDelivery, describeFollowUp, type DeliveryView, type FollowUpView } from '../views/onboarding-views.ts';
import { TimedJobStore, type DeliveryCheckJob, type FollowUpJob, type ScheduledSend, type TimedJob } from './timed-jobs.ts';

/** A scheduled send at its time: planned again now, confirmed by the schedule; the surface runs and reports it. */
export interface ScheduledStart {
  readonly job: ScheduledSend;
  readonly plan: Plan;
  readonly approval: Approval | null;
}

/** Why a scheduled send sent nothing at its time (told in its thread). */
export interface ScheduledNothing {
  readonly job: ScheduledSend;
  readonly message: string;
}

export interface FollowUpNotice {
  readonly job: FollowUpJob;
  readonly view: FollowUpView;
}

export type DeliveryNotice =
  /** `canClearBounces`: the gateway can take addresses off Okta's bounce list; admins may, after confirming (service.clearBounces). */
  | { readonly kind: 'failures'; readonly job: DeliveryCheckJob; readonly view: DeliveryView; readonly canClearBounces: boolean }
  | { readonly kind: 'not_checked'; readonly job: DeliveryCheckJob; readonly message: string };

/** How a surface reports timed work into the thread or conversation it belongs to. */
export interface OnboardingHandlers {
  scheduledRun(start: ScheduledStart): Promise<void>;
  scheduledNothing(notice: ScheduledNothing): Promise<void>;
  followUp(notice: FollowUpNotice): Promise<void>;
  delivery(notice: DeliveryNotice): Promise<void>;
}

export interface OnboardingSettings {
  /** Follow-up this long after a run (0: none). */
  readonly followUpSeconds: number;
  /** Activation links last this many days; the day before, pending users are named again. */
  readonly activationLinkDays: number;
  /** Okta's System Log is asked this long after a run (0: never). */
  readonly deliveryCheckSeconds: number;
}

export interface OnboardingDeps {
  readonly jobs: TimedJobStore;
  readonly settings: OnboardingSettings;
  readonly now: () => number;
  readonly owner: string;
  /** Plans a scheduled send's people now, with the requester's rights now, under the given plan id. */
  readonly planScheduled: (job: ScheduledSend, planId: string) => Promise<{ plan: Plan } | { message: string }>;
  /** Confirms a plan on the schedule's behalf (and asks approvers for what needs them). */
  readonly confirmScheduled: (plan: Plan, job: ScheduledSend) => Promise<{ approval: Approval | null } | { alreadyConfirmed: true }>;
  /** Runs a confirmed plan where no surface can report it (the audit still has everything). */
  readonly runHeadless: (plan: Plan, job: ScheduledSend) => Promise<void>;
  readonly run: (runId: string) => Promise<DurableRun | undefined>;
  readonly report: (runId: string) => Promise<RunReport | undefined>;
  readonly getUser: (userId: string) => Promise<DirectoryUser | null>;
  readonly deliveryFailures?: (users: readonly EmailedUser[], sinceMs: number, untilMs: number) => Promise<DeliveryRead>;
  readonly savePending: (runId: string, userIds: readonly string[]) => Promise<void>;
  /** Keeps a run's bounced addresses for "take them off the bounce list". */
  readonly saveBounced: (runId: string, addresses: readonly string[]) => Promise<void>;
  readonly canClearBounces: boolean;
  readonly audit: (event: { type: 'job'; jobId: string; kind: TimedJob['kind']; outcome: string; detail?: string; runId?: string; planId?: string }) => void;
  readonly onError: (error: unknown, what: string) => void;
}

/** How long one process may work on a job before another may take it (a scheduled send's run is durable by itself). */
const JOB_CLAIM_SECONDS = 10 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Timed work: scheduled sends, follow-ups on who activated, delivery checks. Jobs wait in the
 * store's queue by due time; every process looks for due ones, claims each (so exactly one process
 * works on it) and settles it as started before acting (so a cancel and the start cannot both win).
 */
export class Onboarding {
  private readonly handlers = new Map<Surface, OnboardingHandlers>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: OnboardingDeps) {}

  register(surface: Surface, handlers: OnboardingHandlers): void {
    this.handlers.set(surface, handlers);
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Works every job due now (tests call it with a moved clock); one tick at a time per process. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.ticking) return this.ticking;
    this.ticking = this.tickOnce()
      .catch((error: unknown) => this.deps.onError(error, 'timed work'))
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  /** After a run that emailed people: a follow-up, a last call before the links expire, a delivery check. */
  async afterRun(run: DurableRun, report: RunReport): Promise<void> {
    // Password-reset runs send no activation link: nothing to follow up.
    if (report.counts.sent === 0 || run.plan.kind === 'reset_password') return;
    // Nowhere to post (a command-line run): the follow-ups would have no reader.
    if (run.replyTo === null) return;
    const { settings, now } = this.deps;
    const base = { runId: run.id, surface: run.surface, replyTo: run.replyTo, createdAt: now() };
    const jobs: TimedJob[] = [];
    if (settings.followUpSeconds > 0) {
      jobs.push({ kind: 'follow_up', id: newJobId(), dueAt: report.finishedAt + settings.followUpSeconds * 1000, reason: 'follow_up', ...base });
      const expiryCall = report.finishedAt + (settings.activationLinkDays - 1) * DAY_MS;
      if (settings.activationLinkDays > 1 && expiryCall > report.finishedAt + settings.followUpSeconds * 1000) {
        jobs.push({ kind: 'follow_up', id: newJobId(), dueAt: expiryCall, reason: 'link_expiry', ...base });
      }
    }
    if (settings.deliveryCheckSeconds > 0) jobs.push({ kind: 'delivery_check', id: newJobId(), dueAt: report.finishedAt + settings.deliveryCheckSeconds * 1000, ...base });
    for (const job of jobs) await this.deps.jobs.add(job, now());
  }

  private async tickOnce(): Promise<void> {
    for (const { member } of await this.deps.jobs.due(this.deps.now(), 50)) {
      if (this.stopped) return;
      if (!(await this.deps.jobs.claim(member, this.deps.owner, JOB_CLAIM_SECONDS))) continue;
      try {
        const job = await this.deps.jobs.get(member);
        if (!job) await this.forget(member);
        else await this.work(job);
      } catch (error) {
        this.deps.onError(error, `job ${member}`);
      } finally {
        await this.deps.jobs.release(member, this.deps.owner).catch(() => undefined);
      }
    }
  }

  private async forget(id: string): Promise<void> {
    await this.deps.jobs.finish({ kind: 'delivery_check', id, dueAt: 0, runId: '', surface: 'cli', replyTo: null, createdAt: 0 });
  }

  private async work(job: TimedJob): Promise<void> {
    const settled = await this.deps.jobs.settle(job, { state: 'started', at: this.deps.now() }, this.deps.now());
    if (settled.state.state === 'cancelled') {
      await this.deps.jobs.finish(job);
      return;
    }
    if (job.kind === 'scheduled_send') await this.scheduledSend(job, !settled.won);
    else if (job.kind === 'follow_up') await this.followUp(job);
    else await this.deliveryCheck(job);
    await this.deps.jobs.finish(job);
  }

  private async scheduledSend(job: ScheduledSend, retry: boolean): Promise<void> {
    const planId = `plan_s_${job.id}`;
    const planned = await this.deps.planScheduled(job, planId);
    const handlers = this.handlers.get(job.surface);
    if ('message' in planned) {
      this.deps.audit({ type: 'job', jobId: job.id, kind: job.kind, outcome: 'nothing', detail: planned.message });
      await handlers?.scheduledNothing({ job, message: planned.message });
      return;
    }
    const confirmed = await this.deps.confirmScheduled(planned.plan, job);
    // A process that started this job died after confirming it: the run is durable and the
    // recovery of runs finishes it; starting it again here would only be refused.
    if ('alreadyConfirmed' in confirmed) {
      if (!retry) this.deps.audit({ type: 'job', jobId: job.id, kind: job.kind, outcome: 'already_confirmed', planId });
      return;
    }
    this.deps.audit({ type: 'job', jobId: job.id, kind: job.kind, outcome: 'started', planId });
    if (handlers) await handlers.scheduledRun({ job, plan: planned.plan, approval: confirmed.approval });
    else await this.deps.runHeadless(planned.plan, job);
  }

  private async followUp(job: FollowUpJob): Promise<void> {
    const report = await this.deps.report(job.runId);
    const sent = (report?.results ?? []).filter((result) => result.outcome === 'sent' && result.userId);
    if (sent.length === 0) return;
    const checked = [];
    for (const result of sent) checked.push({ result, user: await this.deps.getUser(result.userId ?? '').catch(() => null) });
    const view = describeFollowUp(job.reason, checked, this.deps.settings.activationLinkDays);
    const pending = checked.filter(({ user }) => user && (user.status === 'PROVISIONED' || user.status === 'STAGED' || (user.status === 'RECOVERY' && user.activated === null)));
    await this.deps.savePending(job.runId, pending.map(({ user }) => user?.id ?? ''));
    this.deps.audit({ type: 'job', jobId: job.id, kind: job.kind, outcome: `${view.summary}`, runId: job.runId });
    // The last call before the links expire is only worth a message when someone is still pending.
    if (job.reason === 'link_expiry' && view.pending === 0) return;
    await this.handlers.get(job.surface)?.followUp({ job, view });
  }

  private async deliveryCheck(job: DeliveryCheckJob): Promise<void> {
    const run = await this.deps.run(job.runId);
    const report = await this.deps.report(job.runId);
    if (!run || !report) return;
    const sentIds = new Set(report.results.filter((r) => r.outcome === 'sent' && r.userId).map((r) => r.userId));
    const users: EmailedUser[] = run.plan.entries.flatMap((entry) => (entry.user && sentIds.has(entry.user.id) ? [{ userId: entry.user.id, login: entry.user.login, email: entry.user.email }] : []));
    const handlers = this.handlers.get(job.surface);
    if (!this.deps.deliveryFailures) {
      await handlers?.delivery({ kind: 'not_checked', job, message: 'Delivery of these emails is not checked: this Okta gateway cannot read the System Log.' });
      return;
    }
    // A minute before the run: the clocks of this host and Okta differ a little.
    const read = await this.deps.deliveryFailures(users, run.startedAt - 60_000, this.deps.now());
    this.deps.audit({ type: 'job', jobId: job.id, kind: job.kind, outcome: read.ok ? `${read.failures.length} failed` : read.reason, runId: job.runId, ...(read.ok ? {} : { detail: read.message }) });
    if (!read.ok) {
      const why = read.reason === 'not_permitted'
        ? 'the bot may not read Okta\'s System Log (an OAuth service app needs the okta.logs.read scope; an API token, an admin who may read logs)'
        : `Okta's System Log did not answer (${read.message})`;
      await handlers?.delivery({ kind: 'not_checked', job, message: `Delivery of these emails is not checked: ${why}.` });
      return;
    }
    if (read.failures.length === 0) return;
    const view = describeDelivery(read.failures, users.length);
    if (view.bounced.length > 0) await this.deps.saveBounced(job.runId, view.bounced);
    await handlers?.delivery({ kind: 'failures', job, view, canClearBounces: this.deps.canClearBounces && view.bounced.length > 0 });
  }
}

export function newJobId(): string {
  return `job_${randomBytes(9).toString('base64url')}`;
}
