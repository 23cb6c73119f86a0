import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultRequestExecutor, RequestExecutor } from '@okta/okta-sdk-nodejs';
import { dpopClaims, type DpopProofRenewer } from './dpop-proof.ts';
import { OktaTimeoutError, OktaTokenError } from './okta-call-errors.ts';
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
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  clone(): { text(): Promise<string> };
  buffer(): Promise<Buffer>;
}

/** node-fetch's Response constructor, reached through a response: the SDK's copy, not a second one. */
type ResponseConstructor = new (body: Buffer, init: { status: number; statusText: string; url: string; headers: SdkResponse['headers'] }) => SdkResponse;

export interface RequestLimits {
  /** Per attempt, for lifecycle calls: their answer says whether an email went out. */
  readonly timeoutMs: number;
  /** Per attempt, for everything else: searches, GETs, the OAuth token request. */
  readonly lookupTimeoutMs: number;
  /** Attempts after a 429 (each one paced, so each waits at most the pacer's maxWaitMs). */
  readonly maxRetries: number;
}

/**
 * The SDK's DefaultRequestExecutor with pacing in front of every attempt and a time limit on each.
 *
 * The SDK's own `requestTimeout` is not used: node-fetch would apply it as a real limit, but the
 * SDK treats it as a budget for all attempts together and refuses a 429 retry whose delay would
 * exceed it, and its retry sleeps until X-Rate-Limit-Reset whatever that says (an hour, if Okta
 * or a proxy says so). So this executor limits each attempt itself (an AbortController that
 * destroys the socket, covering headers *and* body), and retries a 429 through the pacer, which
 * waits for the window at most maxWaitMs and otherwise fails at once with the reset time.
 */
/** The SDK's whole-request budget, off: each attempt has its own limit here (fetchWithin). */
const SDK_BUDGET_OFF = 0;

export class PacingRequestExecutor extends DefaultRequestExecutor {
  constructor(
    readonly pacer: RateLimitPacer,
    private readonly limits: RequestLimits,
    /** With an OAuth service app: renews the DPoP proof of a request sent again (see dpop-proof.ts). */
    private readonly renewDpopProof: DpopProofRenewer | null = null,
  ) {
    // The SDK's own budget is switched off (see above): it spans all attempts and refuses retries
    // past it. Every attempt is limited in fetchWithin instead. maxRetries is ours too
    // (parseResponse is never reached with a 429 to retry).
    super({ maxRetries: limits.maxRetries, requestTimeout: SDK_BUDGET_OFF });
  }

  override async fetch(request: SdkRequest): Promise<SdkResponse> {
    if (!request.startTime) {
      request.startTime = new Date();
      request.timeout = SDK_BUDGET_OFF;
    }
    const bucket = bucketFor(request.method ?? 'GET', request.url);
    const slot = await this.pacer.acquire(bucket);
    let response: SdkResponse;
    try {
      response = await this.fetchWithin(request, bucket === 'lifecycle' ? this.limits.timeoutMs : this.limits.lookupTimeoutMs, bucket);
    } catch (error) {
      // No answer (a network error, or the time limit): the slot is free for others at once.
      this.pacer.settle(bucket, null, slot);
      this.pacer.onAttempt?.({ method: request.method ?? 'GET', url: request.url, status: error instanceof OktaTimeoutError ? 'timeout' : 'no_answer' });
      throw error;
    }
    this.pacer.settle(bucket, snapshotOf(response), slot);
    this.pacer.onAttempt?.({ method: request.method ?? 'GET', url: request.url, status: response.status });
    const context = callContext.getStore();
    if (context) {
      context.requestId = response.headers.get('x-okta-request-id');
      if (context.requestId) context.requestIds.push(context.requestId);
      if (response.status === 429) context.retries += 1;
    }
    if (response.status >= 400 && response.status !== 429 && isTokenRequest(request)) {
      const refusal = await tokenRefusal(response, request);
      if (refusal) throw refusal;
    }
    if (response.status !== 429) return response;
    // E0000118 ("an email was recently sent") is a 429 too, and a retry after the window would
    // send a second email. It is an answer, not back-pressure: hand it to the caller.
    if (await isEmailCooldown(response)) return response;
    if (!this.validateRetryResponseHeaders(response) || this.maxRetriesReached(request)) return response;
    // Back-pressure: the pacer has just read this 429's headers, so the retry's acquire waits
    // for the window (at most maxWaitMs, else a RateLimitWaitError with the reset time).
    const retry = this.buildRetryRequest(request, response.headers.get('x-okta-request-id') ?? 'unknown', 0) as SdkRequest;
    this.renewProof(retry);
    return this.fetch(retry);
  }

  /** A retried request with a DPoP proof gets a fresh one: Okta refuses a proof (a jti) seen before. */
  private renewProof(request: SdkRequest): void {
    const name = dpopHeaderName(request);
    const proof = name === null ? null : request.headers?.[name];
    if (name === null || typeof proof !== 'string' || this.renewDpopProof === null) return;
    request.headers![name] = this.renewDpopProof(proof);
  }

  /**
   * One attempt, answered in full (status, headers and body) within `limitMs`, or an
   * OktaTimeoutError. The body is read here, inside the limit, and handed on as a buffered
   * response: otherwise a server that sent headers and then stalled would hang the SDK's json().
   */
  private async fetchWithin(request: SdkRequest, limitMs: number, bucket: string): Promise<SdkResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // node-fetch rejects at once and destroys the socket, whether headers came or not.
      controller.abort();
    }, limitMs);
    try {
      // The plain executor: node-fetch plus the request/response events, no retry logic.
      const raw = (await RequestExecutor.prototype.fetch.call(this, { ...request, signal: controller.signal })) as SdkResponse;
      const body = await raw.buffer();
      const Buffered = raw.constructor as ResponseConstructor;
      return new Buffered(body, { status: raw.status, statusText: raw.statusText, url: raw.url, headers: raw.headers });
    } catch (error) {
      if (timedOut) throw new OktaTimeoutError(bucket, limitMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function dpopHeaderName(request: SdkRequest): string | null {
  return Object.keys(request.headers ?? {}).find((name) => name.toLowerCase() === 'dpop') ?? null;
}

function isTokenRequest(request: SdkRequest): boolean {
  return (request.method ?? 'GET').toUpperCase() === 'POST' && new URL(request.url).pathname.endsWith('/oauth2/v1/token');
}

/**
 * A refused token request as an error (see OktaTokenError); null for DPoP's nonce challenge, which
 * the SDK answers itself (oauth.js reads `use_dpop_nonce` and asks again with the DPoP-Nonce) —
 * once: a challenge to a proof that already carried a nonce is a refusal, or the SDK, which
 * recurses without a limit, would ask forever.
 */
async function tokenRefusal(response: SdkResponse, request: SdkRequest): Promise<OktaTokenError | null> {
  let body: { error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(await response.clone().text()) as typeof body;
  } catch {
    // Not JSON (a proxy's page): still a refusal.
  }
  const name = dpopHeaderName(request);
  const proof = name === null ? undefined : request.headers?.[name];
  const signedNonce = typeof proof === 'string' && dpopClaims(proof)?.['nonce'] !== undefined;
  if (body.error === 'use_dpop_nonce' && !signedNonce) return null;
  const code = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
  const description = typeof body.error_description === 'string' ? body.error_description : '';
  return new OktaTokenError(response.status, code, description, response.url, response.headers);
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
