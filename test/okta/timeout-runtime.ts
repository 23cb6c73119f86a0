// The real core and gateway against a simulator, with the Okta time limits a test chooses.
import assert from 'node:assert/strict';
import type { Requester } from '../../src/core/requester.ts';
import type { Plan } from '../../src/core/plan.ts';
import type { PrepareOutcome } from '../../src/core/resend-service.ts';
import { createRuntime, type ResendRuntime } from '../../src/runtime/create-runtime.ts';
import { startOktaSimulator, type OktaSimulator, type SimulatorOptions, type SimulatorSeedUser } from '../../src/okta-simulator/index.ts';

export const helen: Requester = { surface: 'slack', userId: 'U2147483697', email: 'helen@corp.example', displayName: 'helen', groupIds: [] };
export const ivan: Requester = { surface: 'teams', userId: '29:ivan', email: 'ivan@corp.example', displayName: 'ivan', groupIds: [] };

export interface LimitedRuntime extends ResendRuntime {
  readonly sim: OktaSimulator;
}

export async function withLimitedRuntime(
  options: { simulator: SimulatorOptions; timeoutSeconds: number; maxWaitSeconds: number; auth?: 'apiToken' | { clientId: string; privateKey: string } },
  body: (rt: LimitedRuntime) => Promise<void>,
): Promise<void> {
  const sim = await startOktaSimulator(options.simulator);
  try {
    const auth =
      options.auth === undefined || options.auth === 'apiToken'
        ? ({ kind: 'apiToken', token: sim.apiToken } as const)
        : ({ kind: 'privateKey', clientId: options.auth.clientId, privateKey: options.auth.privateKey, keyId: 'kid-1' } as const);
    const runtime = createRuntime({
      okta: { orgUrl: sim.url, auth, rateLimitReserve: 0, timeoutSeconds: options.timeoutSeconds, maxWaitSeconds: options.maxWaitSeconds },
      roles: { helpdesk: [helen.userId, ivan.userId], approvers: [], admins: [] },
    });
    await body({ ...runtime, sim });
  } finally {
    await sim.close();
  }
}

export function provisioned(count: number): SimulatorSeedUser[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00unewhire${String(i).padStart(10, '0')}`,
    login: `new.hire${i}@corp.example`,
    status: 'PROVISIONED' as const,
  }));
}

export function planned(outcome: PrepareOutcome): Plan {
  assert.equal(outcome.kind, 'planned', outcome.kind === 'planned' ? '' : outcome.message);
  return (outcome as Extract<PrepareOutcome, { kind: 'planned' }>).plan;
}

/** The skip message of the plan's only entry (a lookup that failed shows there). */
export function onlySkipMessage(plan: Plan): string {
  assert.equal(plan.entries.length, 1);
  const decision = plan.entries[0]?.decision;
  assert.equal(decision?.kind, 'skip');
  return decision?.kind === 'skip' ? decision.message : '';
}

export function secondsSince(startMs: number): number {
  return (Date.now() - startMs) / 1000;
}
