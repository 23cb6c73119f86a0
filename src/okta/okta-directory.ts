import type { Client } from '@okta/okta-sdk-nodejs';
import type { DirectoryUser } from '../core/directory-user.ts';
import type { Identifier } from '../core/identifiers.ts';
import type { LifecycleAction, LifecycleResult, ReadObserver, Resolution, UserDirectory } from '../core/lifecycle.ts';
import { DirectoryUnavailableError } from '../core/errors.ts';
import { mapOktaError } from './okta-errors.ts';
import { toDirectoryUser, type OktaUserLike } from './okta-user.ts';
import { callContext, newCallContext } from './pacing-request-executor.ts';
import { buildSearchBatches, SEARCH_PAGE_LIMIT } from './search-batches.ts';

/** Searches run a few at a time (well under Okta's concurrency limit of 35–75); the pacer keeps them inside the list bucket's budget. */
const SEARCH_CONCURRENCY = 8;

/**
 * The directory port over Okta's Users API through the SDK, in batched `search` calls.
 * Okta ids by `id`; logins that are not addresses by `profile.login` (unique, case-insensitive);
 * addresses by `profile.login` *and* `profile.email` at once, because an address may be one user's
 * login and another user's email: every user it names is a match, several make it ambiguous, and
 * the core never guesses.
 */
export class OktaDirectory implements UserDirectory {
  constructor(private readonly client: Client) {}

  async resolve(identifiers: readonly Identifier[], onRead: ReadObserver = ignoreRead): Promise<Resolution[]> {
    const failures = new Map<string, string>();
    const ids = unique(identifiers.filter((i) => i.kind === 'oktaId').map((i) => i.value));
    const logins = unique(identifiers.filter((i) => i.kind === 'login').map((i) => i.value.toLowerCase()));
    const emails = unique(identifiers.filter((i) => i.kind === 'email').map((i) => i.value.toLowerCase()));

    // One kind after the other, so that at most SEARCH_CONCURRENCY searches are ever in flight.
    const byId = await this.searchAll(['id'], ids, (user) => [user.id], failures, onRead);
    const byLogin = await this.searchAll(['profile.login'], logins, (user) => [user.login.toLowerCase()], failures, onRead);
    const byAddress = await this.searchAll(['profile.login', 'profile.email'], emails, (user) => unique([user.login.toLowerCase(), user.email.toLowerCase()]), failures, onRead);

    return identifiers.map((identifier): Resolution => {
      const key = identifier.kind === 'oktaId' ? identifier.value : identifier.value.toLowerCase();
      const error = failures.get(key);
      if (error) return { identifier, matches: [], error };
      const found = identifier.kind === 'oktaId' ? byId : identifier.kind === 'login' ? byLogin : byAddress;
      return { identifier, matches: found.get(key) ?? [] };
    });
  }

  async getUser(userId: string, onRead: ReadObserver = ignoreRead): Promise<DirectoryUser | null> {
    const context = newCallContext();
    const read = { endpoint: 'GET /api/v1/users/{id}', asked: 1 };
    return callContext.run(context, async () => {
      try {
        const user = toDirectoryUser((await this.client.userApi.getUser({ userId })) as OktaUserLike);
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
        const mapped = mapOktaError(error);
        return { ok: false, code: mapped.code, errorCode: mapped.errorCode, summary: mapped.summary, requestId: mapped.requestId ?? context.requestId };
      }
    });
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
          if (mapped.code === 'unauthorized' || mapped.code === 'forbidden') {
            throw new DirectoryUnavailableError(
              `Okta refused the bot's own credentials (${mapped.errorCode ?? mapped.code}: ${mapped.summary}). An admin must check its API token or OAuth app and its okta.users.read / okta.users.manage scopes.`,
            );
          }
          const message = `Okta lookup failed: ${mapped.summary}`;
          for (const value of valuesIn(search)) failures.set(value, message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, batches.length) }, worker));
    return found;
  }
}

const ignoreRead: ReadObserver = () => undefined;

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The values of a `p eq "v" or …` expression, unescaped, to attribute a failed batch. */
function valuesIn(search: string): string[] {
  return [...search.matchAll(/eq "((?:[^"\\]|\\.)*)"/g)].map((match) => (match[1] ?? '').replace(/\\(.)/g, '$1'));
}
