import { proactiveTurn, type Connectors, type ConversationRef, type TeamsTurn } from './teams-turn.ts';

/**
 * Runs `job` in a proactive turn of another conversation than the one being answered: the
 * approval channel, the requester's thread once an approver decided, a run resumed after a
 * restart. Failures reach the caller, so it can tell someone that the post did not happen.
 */
export type Proactive = (reference: ConversationRef, job: (turn: TeamsTurn) => Promise<void>) => Promise<void>;

export function createProactive(connectors: Connectors): Proactive {
  return async (reference, job) => job(proactiveTurn(reference, connectors));
}
