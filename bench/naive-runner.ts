import { Client } from '@okta/okta-sdk-nodejs';

export interface NaiveResult {
  readonly seconds: number;
  readonly failed: number;
}

/**
 * The baseline a Postman collection runner amounts to: one row after another, GET the user, then
 * POST reactivate?sendEmail=true. The SDK's defaults stand in for Postman's "retry": 2 retries on
 * 429, then the row fails. Cache off, so it reads fresh statuses like Postman would.
 */
export async function runNaive(orgUrl: string, token: string, logins: readonly string[]): Promise<NaiveResult> {
  const client = new Client({ orgUrl, token, cacheMiddleware: null });
  const started = performance.now();
  let failed = 0;
  for (const login of logins) {
    try {
      const user = await client.userApi.getUser({ userId: login });
      await client.userApi.reactivateUser({ userId: String(user.id), sendEmail: true });
    } catch {
      failed += 1;
    }
  }
  return { seconds: (performance.now() - started) / 1000, failed };
}
