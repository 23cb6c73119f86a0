import type { Client } from '@okta/okta-sdk-nodejs';
import type { BounceRemoval, DeliveryRead, EmailedUser } from '../core/delivery.ts';
import { bounceListFor } from './bounce-list.ts';
import { readDeliveryFailures } from './delivery-failures.ts';
import type { DirectoryUser } from '../core/directory-user.ts';
import type { Identifier } from '../core/identifiers.ts';
import type { LifecycleAction, LifecycleResult, ReadObserver, Resolution, UserDirectory } from '../core/lifecycle.ts';
import { bucketLabel, isOktaTimeoutError, isRateLimitWaitError, seconds } from './okta-call-errors.ts';
import { mapOktaError, type MappedError } from './okta-errors.ts';
import { toDirectoryUser, type OktaUserLike } from './okta-user.ts';
import { callContext, newCallContext, PacingRequestExecutor } from './pacing-request-executor.ts';
import { SEARCH_CONCURRENCY, UserFinder, type Found } from './find-users.ts';
import { lifecycleConcurrency } from './lifecycle-concurrency.ts';
import { isRefusal, lookupFailure, unavailable } from './lookup-errors.ts';
import type { RateLimitPacer } from './rate-limit-pacer.ts';
import { systemLogFor, type LogQuery, type LogRead, type SystemLogReader } from './system-log.ts';
import type { LogVerdict } from '../core/runs/in-doubt.ts';

/**
 * Okta's search index trails writes by about a second, so a user created or renamed just now may
 * not be found by search. What search did not find is asked for by GET (by id or login, always
 * current), up to this many per request: a few typos cost a few GETs, a file of strangers does
 * not turn into a thousand.
 */
export const MAX_RECHECKS = 50;

/**
 * The directory port over Okta's Users API through the SDK: users found by batched `search`
 * calls or by listing the org, whichever costs fewer requests (find-users.ts); every user an
 * identifier names is a match, several make it ambiguous, and the core never guesses. What
 * neither found is read again by GET (see MAX_RECHECKS).
 */
export class OktaDirectory implements UserDirectory {
  private readonly logs: SystemLogReader;
  /** The pacer of the client's executor (createOktaConnection's), null for a client built elsewhere. */
  private readonly pacer: RateLimitPacer | null;
  /** Searches or lists (see lookup-strategy.ts); public for tests and the benchmark to read its last choice. */
  readonly finder: UserFinder;

  /** `logs`: by default the System Log reader createOktaConnection built with this client. */
  constructor(
    private readonly client: Client,
    logs?: SystemLogReader,
  ) {
    this.logs = logs ?? systemLogFor(client);
    this.pacer = client.requestExecutor instanceof PacingRequestExecutor ? client.requestExecutor.pacer : null;
    this.finder = new UserFinder(client, this.pacer);
  }

  /**
   * Lifecycle calls in flight that keep the org's lifecycle bucket busy, from its rate and Okta's
   * latency, within a safe share of Okta's concurrency limit (see lifecycle-concurrency.ts).
   */
  lifecycleConcurrency(): number {
    return this.pacer ? lifecycleConcurrency(this.pacer) : Number.POSITIVE_INFINITY;
  }

  /** One System Log request; 'unknown' (never a throw) when the log cannot be read. */
  lifecycleLogged(userId: string, action: LifecycleAction, sinceMs: number): Promise<LogVerdict> {
    return this.logs.lifecycleLogged(userId, action, sinceMs);
  }

  /** System Log events, paged and capped (see SystemLogReader.read); for reports such as delivery failures. */
  readLogs(query: LogQuery): Promise<LogRead> {
    return this.logs.read(query);
  }

  /** Takes addresses off Okta's bounce list (see bounce-list.ts); never throws. */
  removeFromBounceList(addresses: readonly string[]): Promise<BounceRemoval> {
    return bounceListFor(this.client).remove(addresses);
  }

  /** Failed deliveries of the run's emails in its window (see delivery-failures.ts). */
  deliveryFailures(users: readonly EmailedUser[], sinceMs: number, untilMs: number): Promise<DeliveryRead> {
    return readDeliveryFailures(this.logs, users, sinceMs, untilMs);
  }

  async resolve(identifiers: readonly Identifier[], onRead: ReadObserver = ignoreRead): Promise<Resolution[]> {
    const failures = new Map<string, string>();
    const ids = unique(identifiers.filter((i) => i.kind === 'oktaId').map((i) => i.value));
    const logins = unique(identifiers.filter((i) => i.kind === 'login').map((i) => i.value.toLowerCase()));
    const emails = unique(identifiers.filter((i) => i.kind === 'email').map((i) => i.value.toLowerCase()));

    const found = await this.finder.find(ids, logins, emails, failures, onRead);
    const missing = new Map<string, { kind: Identifier['kind']; key: string }>();
    for (const identifier of identifiers) {
      const key = keyOf(identifier);
      if (!failures.has(key) && !found[identifier.kind].has(key)) missing.set(`${identifier.kind}:${key}`, { kind: identifier.kind, key });
    }
    await this.recheck([...missing.values()].slice(0, MAX_RECHECKS), found, failures, onRead);

    return identifiers.map((identifier): Resolution => {
      const key = keyOf(identifier);
      const error = failures.get(key);
      if (error) return { identifier, matches: [], error };
      return { identifier, matches: found[identifier.kind].get(key) ?? [] };
    });
  }

  getUser(userId: string, onRead: ReadObserver = ignoreRead): Promise<DirectoryUser | null> {
    return this.readOne(userId, 'GET /api/v1/users/{id}', onRead);
  }

  /** GET /api/v1/users/{id|login}: null when Okta has no such user. */
  private async readOne(idOrLogin: string, endpoint: string, onRead: ReadObserver): Promise<DirectoryUser | null> {
    const context = newCallContext();
    const read = { endpoint, asked: 1 };
    return callContext.run(context, async () => {
      try {
        const user = toDirectoryUser((await this.client.userApi.getUser({ userId: idOrLogin })) as OktaUserLike);
        onRead({ ...read, found: 1, result: 'ok', errorCode: null, requestIds: context.requestIds });
        return user;
      } catch (error) {
        const mapped = mapOktaError(error);
        onRead({ ...read, found: 0, result: mapped.code, errorCode: mapped.errorCode, requestIds: context.requestIds });
        if (mapped.code === 'not_found') return null;
        throw error;
      }
    });
  }

  /** Always sendEmail=true: a link returned by sendEmail=false would be a secret we must not hold. */
  async runLifecycle(userId: string, action: LifecycleAction): Promise<LifecycleResult> {
    const context = newCallContext();
    return callContext.run(context, async (): Promise<LifecycleResult> => {
      try {
        const api = this.client.userApi;
        if (action === 'activate') await api.activateUser({ userId, sendEmail: true });
        // Okta: reactivate defaults to sendEmail=false, which would silently send nothing.
        else if (action === 'reactivate') await api.reactivateUser({ userId, sendEmail: true });
        else await api.generateResetPasswordToken({ userId, sendEmail: true });
        return { ok: true, requestId: context.requestId };
      } catch (error) {
        const mapped = lifecycleFailure(error);
        return { ok: false, code: mapped.code, errorCode: mapped.errorCode, summary: mapped.summary, requestId: mapped.requestId ?? context.requestId };
      }
    });
  }

  /** GETs what search missed: an id by id, a login or an address as a login (an email alone cannot be read by GET). */
  private async recheck(
    missing: ReadonlyArray<{ kind: Identifier['kind']; key: string }>,
    found: Found,
    failures: Map<string, string>,
    onRead: ReadObserver,
  ): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < missing.length) {
        const { kind, key } = missing[next++] as (typeof missing)[number];
        try {
          const user = await this.readOne(key, kind === 'oktaId' ? 'GET /api/v1/users/{id}' : 'GET /api/v1/users/{login}', onRead);
          const named = user && (kind === 'oktaId' ? user.id === key : user.login.toLowerCase() === key);
          if (user && named) found[kind].set(key, [user]);
        } catch (error) {
          const mapped = mapOktaError(error);
          if (isRefusal(mapped)) throw unavailable(mapped);
          failures.set(key, lookupFailure(error, mapped));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, missing.length) }, worker));
  }
}

const ignoreRead: ReadObserver = () => undefined;

/**
 * A lifecycle call that failed. Only the lifecycle request itself timing out is 'timeout' (it may
 * have reached Okta and sent the email); a hung OAuth token request before it means nothing was
 * sent. A window too far away to wait for also means nothing was sent.
 */
function lifecycleFailure(error: unknown): MappedError {
  const mapped = mapOktaError(error);
  if (isOktaTimeoutError(error)) {
    const summary =
      error.bucket === 'lifecycle'
        ? `Okta did not answer the lifecycle call within ${seconds(error.limitMs)}: whether the email went out is unknown.`
        : `Okta did not answer within ${seconds(error.limitMs)} before the lifecycle call (${bucketLabel(error.bucket)}); not sent.`;
    return { ...mapped, code: error.bucket === 'lifecycle' ? 'timeout' : 'unavailable', summary };
  }
  if (isRateLimitWaitError(error)) return { ...mapped, summary: `${mapped.summary.replace(/\.$/, '')}; not sent.` };
  return mapped;
}

function keyOf(identifier: Identifier): string {
  return identifier.kind === 'oktaId' ? identifier.value : identifier.value.toLowerCase();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
