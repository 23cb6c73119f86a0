import type { PlanState } from './plan-store.ts';

/** Why a confirm, cancel, approve or deny did nothing; `message` is for the person who clicked. */
export type SettleRefusal = {
  readonly kind: 'refused' | 'unknown' | 'not_yours' | 'expired' | 'already_confirmed' | 'already_cancelled' | 'unavailable';
  readonly message: string;
};

/** What a later click is told once a plan was confirmed, cancelled or scheduled. */
export function alreadySettled(state: PlanState): SettleRefusal {
  if (state === 'scheduled') return { kind: 'already_confirmed', message: 'Already scheduled: see "scheduled" to change or cancel it.' };
  return state === 'confirmed'
    ? { kind: 'already_confirmed', message: 'Already confirmed: this plan runs once.' }
    : { kind: 'already_cancelled', message: 'This plan was cancelled.' };
}
