import type { OktaSettings } from '../config.ts';
import { demoUsers, startOktaSimulator, type OktaSimulator } from '../okta-simulator/index.ts';

export const DEMO_BANNER = [
  '================================================================',
  ' DEMO MODE — embedded Okta simulator with demo users.',
  ' No real Okta is called and no email leaves this machine.',
  ' Set OKTA_ORG_URL and OKTA_API_TOKEN to use a real Okta org.',
  '================================================================',
].join('\n');

/**
 * The demo runs the onboarding morning on a fast clock, and says so: a follow-up a minute after a
 * run instead of a day, the delivery check after 15 seconds instead of 5 minutes.
 */
export const DEMO_TIMING = { followUpSeconds: 60, deliveryCheckSeconds: 15 } as const;
export const DEMO_TIMING_NOTE = 'Demo clock: follow-up on who activated 1 minute after a run (24 h in production), delivery check after 15 s (5 min). Try: schedule in 30s';

export interface DemoOkta {
  readonly sim: OktaSimulator;
  readonly okta: OktaSettings;
}

/** The simulator on loopback with a user in every status, and settings that point the SDK at it. */
export async function startDemoOkta(): Promise<DemoOkta> {
  const sim = await startOktaSimulator({ users: demoUsers(), latencyMs: 40 });
  // One mailbox that bounces, so that the demo's delivery check has something to report.
  sim.failDelivery('erin.walsh@corp.example', { kind: 'bounce', providerMessage: '550 5.1.1 <erin.walsh@corp.example>: Recipient address rejected: User unknown' });
  return { sim, okta: { orgUrl: sim.url, auth: { kind: 'apiToken', token: sim.apiToken }, rateLimitReserve: 0, timeoutSeconds: 30, maxWaitSeconds: 75 } };
}
