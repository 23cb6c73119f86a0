import type { Plan, PlanEntry } from './plan.ts';
import type { Requester } from './requester.ts';
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
  readonly replyTo: ReplyTarget | null;
}

export type ApprovalState = { readonly state: 'approved' | 'denied'; readonly by: Requester };

const KEEP_AFTER_EXPIRY_SECONDS = 24 * 60 * 60;

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
    };
    await this.store.set(`approval:${id}`, approval, this.ttl(approval, now));
    return approval;
  }

  get(id: string): Promise<Approval | undefined> {
    return this.store.get<Approval>(`approval:${id}`);
  }

  /** The first approve or deny wins; later ones learn who decided. */
  async settle(approval: Approval, decision: ApprovalState, now: number): Promise<{ won: boolean; decision: ApprovalState }> {
    const key = `approval-state:${approval.id}`;
    if (await this.store.setIfAbsent(key, decision, this.ttl(approval, now))) return { won: true, decision };
    return { won: false, decision: (await this.store.get<ApprovalState>(key)) ?? decision };
  }

  private ttl(approval: Approval, now: number): number {
    return Math.max(1, Math.ceil((approval.expiresAt - now) / 1000)) + KEEP_AFTER_EXPIRY_SECONDS;
  }
}
