import { createRuntime, type ResendRuntime } from '../../src/runtime/create-runtime.ts';
import type { ResendSettings } from '../../src/core/resend-service.ts';
import type { AuditSink } from '../../src/core/audit.ts';
import type { KeyValueStore } from '../../src/core/store.ts';
import { startOktaSimulator, type OktaSimulator, type SimulatorOptions } from '../../src/okta-simulator/index.ts';

export interface SimulatedRuntime extends ResendRuntime {
  readonly sim: OktaSimulator;
  close(): Promise<void>;
}

/** The real core and Okta gateway (through the SDK, over HTTP) against a fresh Okta simulator. */
export async function startSimulatedRuntime(options: {
  simulator?: SimulatorOptions;
  helpdeskUsers?: string[];
  approvers?: string[];
  admins?: string[];
  settings?: Partial<ResendSettings>;
  audit?: AuditSink;
  now?: () => number;
  /** Okta time limits, in seconds (small ones make a hung call time out within a test). */
  oktaLimits?: { timeoutSeconds?: number; maxWaitSeconds?: number };
  /** A store shared with another runtime (a second "process"); default this runtime's own, in memory. */
  store?: KeyValueStore;
} = {}): Promise<SimulatedRuntime> {
  const sim = await startOktaSimulator(options.simulator ?? {});
  const runtime = createRuntime({
    okta: { orgUrl: sim.url, auth: { kind: 'apiToken', token: sim.apiToken }, rateLimitReserve: 0, timeoutSeconds: options.oktaLimits?.timeoutSeconds ?? 30, maxWaitSeconds: options.oktaLimits?.maxWaitSeconds ?? 75 },
    roles: { helpdesk: options.helpdeskUsers ?? [], approvers: options.approvers ?? [], admins: options.admins ?? [] },
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.store ? { store: options.store } : {}),
  });
  return { ...runtime, sim, close: () => sim.close() };
}

/** Runs `body` against a fresh simulated runtime and always closes it. */
export async function withSimulatedRuntime(options: Parameters<typeof startSimulatedRuntime>[0], body: (rt: SimulatedRuntime) => Promise<void>): Promise<void> {
  const rt = await startSimulatedRuntime(options);
  try {
    await body(rt);
  } finally {
    await rt.close();
  }
}
