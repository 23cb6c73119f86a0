import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultRequestExecutor, RequestExecutor } from '@okta/okta-sdk-nodejs';
import { bucketFor, type RateLimitPacer, type RateLimitSnapshot } from './rate-limit-pacer.ts';

/** What one gateway call learned from Okta's responses (the SDK returns bodies only). */
export interface CallContext {
  /** The last response's X-Okta-Request-Id. */
  requestId: string | null;
  /** Every response's, in order (pages of a search, retried 429s). */
  readonly requestIds: string[];
  retries: number;
}

export function newCallContext(): CallContext {
  return { requestId: null, requestIds: [], retries: 0 };
}

/** Lets the gateway read X-Okta-Request-Id for the call it made, even with calls running in parallel. */
export const callContext = new AsyncLocalStorage<CallContext>();

interface SdkRequest {
  url: string;
  method?: string;
  startTime?: Date;
  timeout?: number;
  headers?: Record<string, unknown>;
}

interface SdkResponse {
  status: number;
  headers: { get(name: string): string | null };
  clone(): { text(): Promise<string> };
}

/**
 * The SDK's DefaultRequestExecutor with pacing in front of every attempt. Its own 429 retry stays
 * on as a backstop (it calls `fetch` again, so a retry is paced too); the count of retries is
 * set high by the caller because a bulk run can meet several windows.
 */
export class PacingRequestExecutor extends DefaultRequestExecutor {
  constructor(
    private readonly pacer: RateLimitPacer,
    config: { maxRetries: number; requestTimeout: number },
  ) {
    super(config);
  }

  override async fetch(request: SdkRequest): Promise<SdkResponse> {
    if (!request.startTime) {
      request.startTime = new Date();
      request.timeout = this.requestTimeout;
    }
    const bucket = bucketFor(request.method ?? 'GET', request.url);
    await this.pacer.acquire(bucket);
    let response: SdkResponse;
    try {
      // The plain executor: node-fetch plus the request/response events, no retry logic.
      response = (await RequestExecutor.prototype.fetch.call(this, request)) as SdkResponse;
    } catch (error) {
      this.pacer.settle(bucket, null);
      throw error;
    }
    this.pacer.settle(bucket, snapshotOf(response));
    const context = callContext.getStore();
    if (context) {
      context.requestId = response.headers.get('x-okta-request-id');
      if (context.requestId) context.requestIds.push(context.requestId);
      if (response.status === 429) context.retries += 1;
    }
    // E0000118 ("an email was recently sent") is a 429 too, and the SDK would retry it after the
    // window, sending a second email. It is an answer, not back-pressure: hand it to the caller.
    if (response.status === 429 && (await isEmailCooldown(response))) return response;
    return this.parseResponse(request, response) as Promise<SdkResponse>;
  }
}

async function isEmailCooldown(response: SdkResponse): Promise<boolean> {
  try {
    return (JSON.parse(await response.clone().text()) as { errorCode?: unknown }).errorCode === 'E0000118';
  } catch {
    return false;
  }
}

function snapshotOf(response: SdkResponse): RateLimitSnapshot {
  const number = (name: string): number | null => {
    const value = response.headers.get(name);
    // Duplicate headers arrive comma-joined (OKTA-112507): unusable, like the SDK treats them.
    if (value === null || value.includes(',')) return null;
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  };
  const date = response.headers.get('date');
  const serverDateMs = date ? Date.parse(date) : Number.NaN;
  return {
    status: response.status,
    limit: number('x-rate-limit-limit'),
    remaining: number('x-rate-limit-remaining'),
    resetEpochSeconds: number('x-rate-limit-reset'),
    serverDateMs: Number.isNaN(serverDateMs) ? null : serverDateMs,
  };
}
