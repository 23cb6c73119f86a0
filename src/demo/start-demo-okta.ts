import type { OktaSettings } from '../config.ts';
import { demoUsers, startOktaSimulator, type OktaSimulator } from '../okta-simulator/index.ts';

export const DEMO_BANNER = [
  '================================================================',
  ' DEMO MODE — embedded Okta simulator with demo users.',
  ' No real Okta is called and no email leaves this machine.',
  ' Set OKTA_ORG_URL and OKTA_API_TOKEN to use a real Okta org.',
  '================================================================',
].join('\n');

export interface DemoOkta {
  readonly sim: OktaSimulator;
  readonly okta: OktaSettings;
}

/** The simulator on loopback with a user in every status, and settings that point the SDK at it. */
export async function startDemoOkta(): Promise<DemoOkta> {
  const sim = await startOktaSimulator({ users: demoUsers(), latencyMs: 40 });
  return { sim, okta: { orgUrl: sim.url, auth: { kind: 'apiToken', token: sim.apiToken }, rateLimitReserve: 0, timeoutSeconds: 30, maxWaitSeconds: 75 } };
}
