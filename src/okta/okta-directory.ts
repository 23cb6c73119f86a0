import type { Client } from '@okta/okta-sdk-nodejs';
import type { DirectoryUser } from '../core/directory-user.ts';
import type { Identifier } from '../core/identifiers.ts';
import type { LifecycleAction, LifecycleResult, ReadObserver, Resolution, UserDirectory } from '../core/lifecycle.ts';
import { DirectoryUnavailableError } from '../core/errors.ts';
import { bucketLabel, isOktaTimeoutError, isRateLimitWaitError, seconds } from './okta-call-errors.ts';
import { mapOktaError, type MappedError } from './okta-errors.ts';
import { toDirectoryUser, type OktaUserLike } from './okta-user.ts';
import { callContext, newCallContext } from './pacing-request-executor.ts';
import { buildSearchBatches, SEARCH_PAGE_LIMIT } from './search-batches.ts';
import { systemLogFor, type LogQuery, type LogRead, type SystemLogReader } from './system-log.ts';
import type { LogVerdict } from '../core/runs/in-doubt.ts';

/** Searches run a few at a time (well under Okta's concurrency limit of 35–75); the pacer keeps them inside the list bucket's budget. */
const SEARCH_CONCURRENCY = 8;

/**
 * Okta's search index trails writes by about a second, so a user created or renamed just now may
 * not be found by search. What search did not find is asked for by GET (by id or login, always
 * current), up to this many per request: a few typos cost a few GETs, a file of strangers does
 * not turn into a thousand.
 */
export const MAX_RECHECKS = 50;

/**
 * The directory port over Okta's Users API through the SDK, in batched `search` calls.
 * Okta ids by `id`; logins that are not addresses by `profile.login` (unique, case-insensitive);
 * addresses by `profile.login` *and* `profile.email` at once, because an address may be one user's
 * login and another user's email: every user it names is a match, several make it ambiguous, and
 * the core never guesses. What search did not find is read again by GET (see MAX_RECHECKS).
 */
export class OktaDirectory implements UserDirectory {
  private readonly logs: SystemLogReader;

  /** `logs`: by default the System Log reader createOktaConnection built with this client. */
  constructor(
    private readonly client: Client,
    logs?: SystemLogReader,
  ) {
    this.logs = logs ?? systemLogFor(client);
  }

  /** One System Log request; 'unknown' (never a throw) when the log cannot be read. */
  lifecycleLogged(userId: string, action: LifecycleAction, sinceMs: number): Promise<LogVerdict> {
    return this.logs.lifecycleLogged(userId, action, sinceMs);
  }

  /** System Log events, paged and capped (see SystemLogReader.read); for reports such as delivery failures. */
  readLogs(query: LogQuery): Promise<LogRead> {
    return this.logs.read(query);
  }

  async resolve(identifiers: readonly Identifier[], onRead: ReadObserver = ignoreRead): Promise<Resolution[]> {
    const failures = new Map<string, string>();
    const ids = unique(identifiers.filter((i) => i.kind === 'oktaId').map((i) => i.value));
    const logins = unique(identifiers.filter((i) => i.kind === 'login').map((i) => i.value.toLowerCase()));
    const emails = unique(identifiers.filter((i) => i.kind === 'email').map((i) => i.value.toLowerCase()));

    // One kind after the other, so that at most SEARCH_CONCURRENCY searches are ever in flight.
    const byId = await this.searchAll(['id'], ids, (user) => [user.id], failures, onRead);
    const byLogin = await this.searchAll(['profile.login'], logins, (user) => [user.login.toLowerCase()], failures, onRead);
    const byAddress = await this.searchAll(['profile.login', 'profile.email'], emails, (user) => unique([user.login.toLowerCase(), user.email.toLowerCase()]), failures, onRead);

    const found = { oktaId: byId, login: byLogin, email: byAddress } as const;
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
    found: Readonly<Record<Identifier['kind'], Map<string, DirectoryUser[]>>>,
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
          if (mapped.code === 'unauthorized' || mapped.code === 'forbidden') throw unavailable(mapped);
          failures.set(key, lookupFailure(error, mapped));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, missing.length) }, worker));
  }

  /** Runs batched searches; a failing batch marks its own values as failed and the rest go on. */
  private async searchAll(
    properties: readonly string[],
    values: readonly string[],
    keysOf: (user: DirectoryUser) => string[],
    failures: Map<string, string>,
    onRead: ReadObserver,
  ): Promise<Map<string, DirectoryUser[]>> {
    const found = new Map<string, DirectoryUser[]>();
    const wanted = new Set(values);
    if (values.length === 0) return found;
    const batches = buildSearchBatches(properties, values);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const search = batches[next++] as string;
        const context = newCallContext();
        const read = { endpoint: 'GET /api/v1/users?search', asked: new Set(valuesIn(search)).size };
        let users = 0;
        try {
          await callContext.run(context, async () => {
            for await (const raw of await this.client.userApi.listUsers({ search, limit: SEARCH_PAGE_LIMIT })) {
              const user = toDirectoryUser(raw as OktaUserLike);
              users += 1;
              for (const key of keysOf(user)) {
                if (!wanted.has(key)) continue;
                const list = found.get(key) ?? [];
                if (!list.some((u) => u.id === user.id)) list.push(user);
                found.set(key, list);
              }
            }
          });
          onRead({ ...read, found: users, result: 'ok', errorCode: null, requestIds: context.requestIds });
        } catch (error) {
          const mapped = mapOktaError(error);
          onRead({ ...read, found: users, result: mapped.code, errorCode: mapped.errorCode, requestIds: context.requestIds });
          if (mapped.code === 'unauthorized' || mapped.code === 'forbidden') throw unavailable(mapped);
          const message = lookupFailure(error, mapped);
          for (const value of valuesIn(search)) failures.set(value, message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, batches.length) }, worker));
    return found;
  }
}

const ignoreRead: ReadObserver = () => undefined;

/** What the requester reads for a lookup that failed: the gateway's own limits are already plain sentences. */
function lookupFailure(error: unknown, mapped: MappedError): string {
  if (isOktaTimeoutError(error) || isRateLimitWaitError(error)) return error.message;
  return `Okta lookup failed: ${mapped.summary}`;
}

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

function unavailable(mapped: ReturnType<typeof mapOktaError>): DirectoryUnavailableError {
  return new DirectoryUnavailableError(
    `Okta refused the bot's own credentials (${mapped.errorCode ?? mapped.code}: ${mapped.summary}). An admin must check its API token or OAuth app and its okta.users.read / okta.users.manage scopes.`,
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The values of a `p eq "v" or …` expression, unescaped, to attribute a failed batch. */
function valuesIn(search: string): string[] {
  return [...search.matchAll(/eq "((?:[^"\\]|\\.)*)"/g)].map((match) => (match[1] ?? '').replace(/\\(.)/g, '$1'));
}
