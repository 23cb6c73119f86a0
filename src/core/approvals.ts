import type { Plan, PlanEntry } from './plan.ts';
import type { Requester, Surface } from './requester.ts';
import type { KeyValueStore } from './store.ts';

/** Where a surface wants the outcome reported back (a Slack thread, a Teams conversation); opaque to the core. */
export type ReplyTarget = Readonly<Record<string, string>>;

/** The users of a manager's request that wait for an approver. */
export interface Approval {
  readonly id: string;
  readonly planId: string;
  readonly requester: Requester;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly entries: readonly PlanEntry[];
  /** The requester's thread. */
  readonly replyTo: ReplyTarget | null;
  /** The approval message, once a surface posted it (so an expired one can be closed). */
  readonly postedAt: ReplyTarget | null;
}

/** How an approval ended. `expired` and `not_posted` are nobody's decision. */
export type ApprovalState =
  | { readonly state: 'approved' | 'denied'; readonly by: Requester }
  | { readonly state: 'expired' }
  | { readonly state: 'not_posted' };

const KEEP_AFTER_EXPIRY_SECONDS = 24 * 60 * 60;
/** The ids of approvals nobody settled yet, for the expiry sweep; refreshed on every change. */
const OPEN_KEY = 'approvals:open';
const OPEN_INDEX_SECONDS = 31 * 24 * 60 * 60;

export class ApprovalStore {
  constructor(private readonly store: KeyValueStore) {}

  async create(plan: Plan, id: string, now: number, ttlMs: number, replyTo: ReplyTarget | null): Promise<Approval> {
    const approval: Approval = {
      id,
      planId: plan.id,
      requester: plan.requester,
      createdAt: now,
      expiresAt: now + ttlMs,
      entries: plan.entries.filter((entry) => entry.authority === 'approval' && entry.decision.kind === 'send'),
      replyTo,
      postedAt: null,
    };
    await this.store.set(`approval:${id}`, approval, this.ttl(approval, now));
    await this.store.set(`approval-of-plan:${plan.id}`, id, this.ttl(approval, now));
    // A set in the store: replicas creating and settling approvals at once never drop an id.
    await this.store.addToSet(OPEN_KEY, id, OPEN_INDEX_SECONDS);
    return approval;
  }

  get(id: string): Promise<Approval | undefined> {
    return this.store.get<Approval>(`approval:${id}`);
  }

  /** The approval a manager's plan handed its other users to, if any. */
  async ofPlan(planId: string): Promise<Approval | undefined> {
    const id = await this.store.get<string>(`approval-of-plan:${planId}`);
    return id === undefined ? undefined : this.get(id);
  }

  async markPosted(approval: Approval, postedAt: ReplyTarget, now: number): Promise<Approval> {
    const posted = { ...approval, postedAt };
    await this.store.set(`approval:${approval.id}`, posted, this.ttl(approval, now));
    return posted;
  }

  /** How the approval ended, if it did. */
  state(approval: Approval): Promise<ApprovalState | undefined> {
    return this.store.get<ApprovalState>(this.stateKey(approval));
  }

  /** The first decision (or the expiry) wins; later ones learn what happened. */
  async settle(approval: Approval, decision: ApprovalState, now: number): Promise<{ won: boolean; decision: ApprovalState }> {
    const key = this.stateKey(approval);
    if (!(await this.store.setIfAbsent(key, decision, this.ttl(approval, now)))) {
      return { won: false, decision: (await this.store.get<ApprovalState>(key)) ?? decision };
    }
    await this.forget([approval.id]);
    return { won: true, decision };
  }

  /**
   * Open approvals of one surface past their expiry, each settled as expired here (so a late
   * click cannot run it). Per surface: each surface closes its own messages. Replicas may sweep
   * at the same moment: settling is atomic, so each approval is returned to exactly one of them
   * and its message is closed once.
   */
  async expireDue(now: number, surface: Surface): Promise<Approval[]> {
    const expired: Approval[] = [];
    const gone: string[] = [];
    for (const id of await this.openIds()) {
      const approval = await this.get(id);
      if (!approval) gone.push(id);
      else if (approval.requester.surface === surface && now > approval.expiresAt && (await this.settle(approval, { state: 'expired' }, now)).won) expired.push(approval);
    }
    if (gone.length > 0) await this.forget(gone);
    return expired;
  }

  /** Approvals nobody settled yet (overdue ones included until the sweep settles them): metrics. */
  async openCount(): Promise<number> {
    return (await this.openIds()).length;
  }

  private openIds(): Promise<string[]> {
    return this.store.setMembers(OPEN_KEY);
  }

  private forget(ids: readonly string[]): Promise<void> {
    return this.store.removeFromSet(OPEN_KEY, ids);
  }

  private stateKey(approval: Approval): string {
    return `approval-state:${approval.id}`;
  }

  private ttl(approval: Approval, now: number): number {
    return Math.max(1, Math.ceil((approval.expiresAt - now) / 1000)) + KEEP_AFTER_EXPIRY_SECONDS;
  }
}
