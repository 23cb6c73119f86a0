import type { AuditedUser } from './audit.ts';
import type { PlanEntry } from './plan.ts';

/** Inputs are user text: long ones are clipped so one audit line stays readable. */
const AUDITED_INPUT_CHARS = 200;

/** The users of a plan or an approval as the audit trail names them. */
export function auditedUsers(entries: readonly PlanEntry[]): AuditedUser[] {
  return entries.map((entry) => {
    const { identifier, user, decision } = entry;
    const input = identifier.raw.length > AUDITED_INPUT_CHARS ? `${identifier.raw.slice(0, AUDITED_INPUT_CHARS - 1)}…` : identifier.raw;
    return {
      input,
      userId: user?.id ?? null,
      login: user?.login ?? null,
      status: user?.status ?? null,
      decision: decision.kind === 'send' ? decision.action : decision.reason,
      ...(entry.authority === 'approval' ? { authority: 'approval' as const } : {}),
    };
  });
}
