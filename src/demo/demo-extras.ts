import type { OktaSimulator } from '../okta-simulator/index.ts';
import { demoUsers } from '../okta-simulator/index.ts';

/** The demo console's extra commands: look inside the simulator to see what happened. */
export function demoExtras(sim: OktaSimulator): Record<string, () => string> {
  return {
    users: () =>
      demoUsers()
        .map((seed) => sim.getUser(seed.login))
        .filter((user) => user !== undefined)
        .map((user) => `  ${user.status.padEnd(16)} ${user.login}${user.transitioningToStatus ? ` (→ ${user.transitioningToStatus})` : ''}`)
        .join('\n'),
    outbox: () =>
      sim.outbox.length === 0
        ? '  (no email sent yet)'
        : sim.outbox.map((mail) => `  ${new Date(mail.at).toISOString().slice(11, 19)}  ${mail.kind.padEnd(15)} → ${mail.to}`).join('\n'),
  };
}
