// The HTTP server: common Okta headers, rate and concurrency limits, latency, faults, call log.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { oktaError, rateLimited } from './errors.ts';
import { DEFAULT_FAR_RESET_SECONDS, FaultPlan } from './faults.ts';
import type { SimResponse } from './errors.ts';
import { newRequestId } from './ids.ts';
import { Mailer } from './mailer.ts';
import { OAuthTokens } from './oauth.ts';
import { ConcurrencyGate, RateLimiter } from './rate-limit.ts';
import type { RateLimitDecision } from './rate-limit.ts';
import { bucketFor, route } from './router.ts';
import type { RouteContext } from './router.ts';
import { validateSeedList } from './seed-validation.ts';
import { SystemLog } from './system-log.ts';
import { UserStore, snapshot } from './user-store.ts';
import type { CallRecord, FaultRule, HungRequest, OktaSimulator, SimulatorOptions } from './types.ts';

/** Okta: the E0000118 cooldown is 5 seconds. */
const DEFAULT_EMAIL_COOLDOWN_MS = 5000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function dpopHeader(req: IncomingMessage): string | undefined {
  const value = req.headers['dpop'];
  return typeof value === 'string' ? value : undefined;
}

interface RateHeaders {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export async function startOktaSimulator(options: SimulatorOptions = {}): Promise<OktaSimulator> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const apiToken = options.apiToken ?? 'sim-api-token';
  const latencyMs = options.latencyMs ?? 0;
  if (!(latencyMs >= 0)) throw new Error(`latencyMs must be >= 0, got ${String(latencyMs)}`);

  const searchLagMs = options.searchLagMs ?? 0;
  if (!(searchLagMs >= 0)) throw new Error(`searchLagMs must be >= 0, got ${String(searchLagMs)}`);
  const store = new UserStore(now, searchLagMs);
  for (const user of validateSeedList(options.users ?? [], 'options.users')) store.add(user, true);
  const mailer = new Mailer(options.emailCooldownMs ?? DEFAULT_EMAIL_COOLDOWN_MS, now);
  if (options.activationLinkDays !== undefined) mailer.linkLifetimeMs = options.activationLinkDays * 24 * 60 * 60 * 1000;
  const limiter = new RateLimiter(options.rateLimits);
  const gate = new ConcurrencyGate(options.concurrencyLimit ?? null);
  const calls: CallRecord[] = [];
  const faults = new FaultPlan(options.faults ?? []);
  const hung: HungRequest[] = [];
  const afterCallHooks: Array<(call: CallRecord) => void> = [];
  // baseUrl is filled in once the server listens (the port may be ephemeral).
  const systemLog = new SystemLog(now, options.logLagMs ?? 0, options.logsForbidden ?? false);
  const oauth = new OAuthTokens(options.oauthClientId, now, options.oauthGrantedScopes, options.oauthRequireDpop ?? false);
  const ctx: RouteContext = { store, mailer, systemLog, baseUrl: '', now, apiToken, oauth };

  /** `proof`: the request's DPoP header, spent by a 429 (see DpopVerifier.spend). */
  function respond(res: ServerResponse, call: Omit<CallRecord, 'status' | 'errorCode'>, response: SimResponse, limits: RateHeaders, proof?: string): void {
    res.statusCode = response.status;
    res.setHeader('Content-Type', 'application/json');
    // Every Okta response carries these, errors included (the SDK's 429 retry reads Date + Reset).
    res.setHeader('Date', new Date(now()).toUTCString());
    res.setHeader('X-Okta-Request-Id', call.requestId);
    res.setHeader('X-Rate-Limit-Limit', String(limits.limit));
    res.setHeader('X-Rate-Limit-Remaining', String(limits.remaining));
    res.setHeader('X-Rate-Limit-Reset', String(limits.resetSeconds));
    for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
    if (response.status === 429) oauth.dpop.spend(proof);
    const record = { ...call, status: response.status, errorCode: response.errorCode };
    calls.push(record);
    for (const hook of afterCallHooks) hook(record);
    res.end(JSON.stringify(response.body));
  }

  /**
   * A `hang` fault: the request was read and no answer ever comes. It resolves only when the
   * socket closes (the client gave up, or close()), so that the concurrency slot is held meanwhile.
   */
  async function hang(req: IncomingMessage, res: ServerResponse, call: Omit<CallRecord, 'status' | 'errorCode'>, fault: Extract<FaultRule, { kind: 'hang' }>, body: string): Promise<void> {
    let tookEffect = false;
    if (fault.takeEffect && limiter.consume(call.bucket, now()).allowed) {
      try {
        const url = new URL(req.url ?? '/', 'http://simulator.invalid');
        const response = route({ method: call.method, pathname: call.path, params: url.searchParams, authorization: req.headers.authorization, dpop: dpopHeader(req), body, requestId: call.requestId }, ctx);
        tookEffect = response.status < 300;
      } catch {
        // A simulator bug in a request whose answer is lost anyway: nothing to tell.
      }
    }
    hung.push({ method: call.method, path: call.path, query: call.query, bucket: call.bucket, requestId: call.requestId, at: call.at, tookEffect });
    if (!res.socket || res.socket.destroyed) return;
    await new Promise<void>((resolve) => res.once('close', () => resolve()));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const bucket = bucketFor(method, url.pathname);
    const retryFor = req.headers['x-okta-retry-for'];
    const call = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      bucket,
      requestId: newRequestId(),
      at: now(),
      retryFor: typeof retryFor === 'string' ? retryFor : null,
    };
    const entered = gate.enter();
    try {
      const body = await readBody(req);
      if (!entered) {
        // Okta: over the concurrent-request limit => immediate 429 whose headers describe concurrency.
        const limit = gate.configuredLimit ?? 0;
        respond(res, call, rateLimited(), { limit, remaining: 0, resetSeconds: Math.floor(now() / 1000) + 1 }, dpopHeader(req));
        return;
      }
      const fault = faults.take({ method, path: url.pathname, query: call.query, bucket });
      if (fault?.kind === 'hang') {
        await hang(req, res, call, fault, body);
        return;
      }
      if (latencyMs > 0) await sleep(latencyMs);
      if (fault?.kind === 'farReset') {
        const resetSeconds = Math.floor(now() / 1000) + (fault.resetAheadSeconds ?? DEFAULT_FAR_RESET_SECONDS);
        respond(res, call, rateLimited(), { limit: limiter.limitOf(bucket), remaining: 0, resetSeconds }, dpopHeader(req));
        return;
      }
      // Every request counts, 401s included (the simulator's choice).
      const decision: RateLimitDecision = limiter.consume(bucket, now());
      let response = rateLimited();
      if (decision.allowed) {
        try {
          const authorization = req.headers.authorization;
          response = route({ method, pathname: url.pathname, params: url.searchParams, authorization, dpop: dpopHeader(req), body, requestId: call.requestId }, ctx);
        } catch (err) {
          // A simulator bug should still look like an Okta error (E0000009), headers included.
          response = oktaError(500, 'E0000009', `Internal Server Error: ${String(err)}`);
        }
      }
      respond(res, call, response, decision, dpopHeader(req));
    } finally {
      if (entered) gate.leave();
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return;
      res.statusCode = 500;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(oktaError(500, 'E0000009', `Internal Server Error: ${String(err)}`).body)); // e.g. an aborted body
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ctx.baseUrl = url;

  return {
    url,
    apiToken,
    outbox: mailer.outbox,
    calls,
    getUser: (idOrLogin) => {
      const user = store.find(idOrLogin);
      return user === undefined ? undefined : snapshot(user);
    },
    addUser: (user) => snapshot(store.add(user)),
    setStatus: (id, status, opts) => store.setStatus(id, status, opts),
    setRateLimit: (bucket, rule) => limiter.setRule(bucket, rule),
    afterCall: (hook) => {
      afterCallHooks.push(hook);
    },
    hung,
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    clearLogs: () => {
      mailer.outbox.length = 0;
      calls.length = 0;
      hung.length = 0;
    },
    logEvents: systemLog.events,
    failDelivery: (email, failure) => systemLog.failDelivery(email, failure),
    followActivationLink: (idOrLogin, at) => {
      const user = store.find(idOrLogin);
      if (!user) return 'no_link';
      const outcome = mailer.followLink(user.id, at);
      if (outcome === 'activated') store.setStatus(user.id, 'ACTIVE', { activated: new Date(at ?? now()).toISOString() });
      return outcome;
    },
    setLogsForbidden: (forbidden) => {
      systemLog.forbidden = forbidden;
    },
    count429: () => calls.filter((c) => c.status === 429).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets (node-fetch reuses them) would otherwise hold close() open, and so
        // would sockets held by a `hang` fault: every connection is destroyed, active ones too.
        server.closeAllConnections();
      }),
  };
}
