// Shared helpers for the simulator tests: an SDK client pointed at the simulator, raw fetch, errors.
import assert from 'node:assert/strict';
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { startOktaSimulator } from '../../src/okta-simulator/index.ts';
import type { OktaSimulator, SimulatorOptions } from '../../src/okta-simulator/index.ts';

/** The real SDK, no cache; retries off unless asked (the SDK retries every 429 carrying a Reset). */
export function sdkClient(sim: OktaSimulator, maxRetries = 0): Client {
  return new Client({
    orgUrl: sim.url,
    token: sim.apiToken,
    cacheMiddleware: null,
    requestExecutor: new DefaultRequestExecutor({ maxRetries, requestTimeout: 0 }),
  });
}

/** Starts a simulator, runs the test body, and always closes it. */
export async function withSim(options: SimulatorOptions, body: (sim: OktaSimulator) => Promise<void>): Promise<void> {
  const sim = await startOktaSimulator(options);
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

export interface CaughtOktaError {
  status: number;
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
  headers: { get(name: string): string | null };
}

/** Awaits a promise that must fail with an OktaApiError and returns its fields. */
export async function oktaErrorOf(promise: Promise<unknown>): Promise<CaughtOktaError> {
  try {
    await promise;
  } catch (err) {
    const e = err as Partial<CaughtOktaError> & { name?: string };
    assert.equal(e.name, 'OktaApiError', `expected OktaApiError, got ${String(err)}`);
    return e as CaughtOktaError;
  }
  assert.fail('expected the call to fail');
}

/** A plain HTTP call with the simulator's SSWS token (override `authorization` to test auth). */
export async function rawCall(
  sim: OktaSimulator,
  method: string,
  path: string,
  authorization: string | null = `SSWS ${sim.apiToken}`,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (authorization !== null) headers['Authorization'] = authorization;
  const res = await fetch(`${sim.url}${path}`, { method, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

export function asRecord(value: unknown): Record<string, unknown> {
  assert.equal(typeof value, 'object');
  assert.notEqual(value, null);
  return value as Record<string, unknown>;
}
