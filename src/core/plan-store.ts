import type { Plan } from './plan.ts';
import type { KeyValueStore } from './store.ts';

/** `scheduled`: confirmed for later; the send makes a plan of its own at its time. */
export type PlanState = 'confirmed' | 'cancelled' | 'scheduled';

/** Plans are kept a day past expiry so a late click hears "expired", not "unknown". */
const KEEP_AFTER_EXPIRY_SECONDS = 24 * 60 * 60;

export class PlanStore {
  constructor(private readonly store: KeyValueStore) {}

  async save(plan: Plan, now: number): Promise<void> {
    await this.store.set(`plan:${plan.id}`, plan, this.ttlFor(plan, now));
  }

  get(planId: string): Promise<Plan | undefined> {
    return this.store.get<Plan>(`plan:${planId}`);
  }

  state(planId: string): Promise<PlanState | undefined> {
    return this.store.get<PlanState>(`plan-state:${planId}`);
  }

  /** True once per plan: the one run a confirmation allows. */
  claimRun(plan: Plan, now: number): Promise<boolean> {
    return this.store.setIfAbsent(`plan-run:${plan.id}`, true, this.ttlFor(plan, now));
  }

  /** The first confirm or cancel wins; later ones learn what happened. */
  async settle(plan: Plan, state: PlanState, now: number): Promise<{ won: boolean; state: PlanState }> {
    const key = `plan-state:${plan.id}`;
    if (await this.store.setIfAbsent(key, state, this.ttlFor(plan, now))) return { won: true, state };
    return { won: false, state: (await this.store.get<PlanState>(key)) ?? state };
  }

  private ttlFor(plan: Plan, now: number): number {
    return Math.max(1, Math.ceil((plan.expiresAt - now) / 1000)) + KEEP_AFTER_EXPIRY_SECONDS;
  }
}
