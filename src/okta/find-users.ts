import type { Client } from '@okta/okta-sdk-nodejs';
import type { DirectoryUser } from '../core/directory-user.ts';
import type { Identifier } from '../core/identifiers.ts';
import type { ReadObserver } from '../core/lifecycle.ts';
import { isRefusal, lookupFailure, unavailable } from './lookup-errors.ts';
import { chooseLookup, OrgSizeMemory, type LookupChoice } from './lookup-strategy.ts';
import { mapOktaError } from './okta-errors.ts';
import { toDirectoryUser, type OktaUserLike } from './okta-user.ts';
import { listOrg } from './org-listing.ts';
import { callContext, newCallContext } from './pacing-request-executor.ts';
import type { RateLimitPacer } from './rate-limit-pacer.ts';
import { buildSearchBatches } from './search-batches.ts';
import { readUsersPage, searchBudget, searchUrl } from './users-pages.ts';

/** Searches run a few at a time (well under Okta's concurrency limit of 35–75); the pacer keeps them inside the list bucket's budget. */
export const SEARCH_CONCURRENCY = 8;

/** Users found, per identifier kind, under the identifier's key (an id as given, a login or address lower-cased). */
export type Found = Readonly<Record<Identifier['kind'], Map<string, DirectoryUser[]>>>;

/** One kind of identifier: what Okta property names it, and the keys a user answers to. */
interface Kind {
  readonly kind: Identifier['kind'];
  readonly properties: readonly string[];
  readonly values: readonly string[];
  readonly keysOf: (user: DirectoryUser) => string[];
}

/**
 * Finds users by id, login and address, by search or by listing the org (see lookup-strategy.ts),
 * with the same matching either way: ids by `id`; logins that are not addresses by
 * `profile.login` (unique, case-insensitive); addresses by `profile.login` *and* `profile.email`,
 * because an address may be one user's login and another user's email: every user it names is a
 * match. What neither found is left to the caller's rechecks by GET.
 */
export class UserFinder {
  private readonly orgSize = new OrgSizeMemory();
  /** The last choice made, for tests and the benchmark. */
  lastChoice: LookupChoice | null = null;

  constructor(
    private readonly client: Client,
    private readonly pacer: RateLimitPacer | null,
  ) {}

  async find(ids: readonly string[], logins: readonly string[], emails: readonly string[], failures: Map<string, string>, onRead: ReadObserver): Promise<Found> {
    const kinds: Kind[] = [
      { kind: 'oktaId', properties: ['id'], values: ids, keysOf: (user) => [user.id] },
      { kind: 'login', properties: ['profile.login'], values: logins, keysOf: (user) => [user.login.toLowerCase()] },
      { kind: 'email', properties: ['profile.login', 'profile.email'], values: emails, keysOf: (user) => unique([user.login.toLowerCase(), user.email.toLowerCase()]) },
    ];
    const budget = searchBudget(this.client.baseUrl);
    const batches = kinds.map((kind) => (kind.values.length === 0 ? [] : buildSearchBatches(kind.properties, kind.values, budget)));
    const searches = batches.reduce((sum, list) => sum + list.length, 0);
    const choice = chooseLookup({ searches, orgSize: this.orgSize.get(), listBudget: this.pacer?.bucketInfo('users-list')?.budget ?? null });
    this.lastChoice = choice;
    if (choice.kind === 'list') {
      const listed = await this.fromListing(kinds, choice.maxPages, onRead);
      if (listed) return listed;
    }
    const found = { oktaId: new Map(), login: new Map(), email: new Map() } satisfies Found;
    // One kind after the other, so that at most SEARCH_CONCURRENCY searches are ever in flight.
    for (const [index, kind] of kinds.entries()) await this.searchAll(kind, batches[index] ?? [], found[kind.kind], failures, onRead);
    return found;
  }

  /** The org listed in full and matched here; null when the listing was given up (too big) or failed (the searches follow). */
  private async fromListing(kinds: readonly Kind[], maxPages: number, onRead: ReadObserver): Promise<Found | null> {
    try {
      const listing = await listOrg(this.client, maxPages, onRead);
      this.orgSize.learn(listing.pages, listing.complete);
      if (!listing.complete) return null;
      const found = { oktaId: new Map(), login: new Map(), email: new Map() } satisfies Found;
      for (const kind of kinds) {
        const wanted = new Set(kind.values);
        if (wanted.size > 0) for (const user of listing.users) collect(user, kind.keysOf, wanted, found[kind.kind]);
      }
      return found;
    } catch (error) {
      const mapped = mapOktaError(error);
      if (isRefusal(mapped)) throw unavailable(mapped);
      // A page that failed (a timeout, a window too far away): the searches say per batch what failed.
      return null;
    }
  }

  /** Runs batched searches, each followed through its `next` links; a failing batch marks its own values as failed and the rest go on. */
  private async searchAll(kind: Kind, batches: readonly string[], found: Map<string, DirectoryUser[]>, failures: Map<string, string>, onRead: ReadObserver): Promise<void> {
    const wanted = new Set(kind.values);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const search = batches[next++] as string;
        const context = newCallContext();
        const read = { endpoint: 'GET /api/v1/users?search', asked: new Set(valuesIn(search)).size };
        let users = 0;
        try {
          await callContext.run(context, async () => {
            for (let url: string | null = searchUrl(this.client.baseUrl, search); url !== null; ) {
              const page = await readUsersPage(this.client, url);
              for (const raw of page.users) collect(toDirectoryUser(raw as OktaUserLike), kind.keysOf, wanted, found);
              users += page.users.length;
              url = page.next;
            }
          });
          onRead({ ...read, found: users, result: 'ok', errorCode: null, requestIds: context.requestIds });
        } catch (error) {
          const mapped = mapOktaError(error);
          onRead({ ...read, found: users, result: mapped.code, errorCode: mapped.errorCode, requestIds: context.requestIds });
          if (isRefusal(mapped)) throw unavailable(mapped);
          const message = lookupFailure(error, mapped);
          for (const value of valuesIn(search)) failures.set(value, message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, batches.length) }, worker));
  }
}

/** Files the user under each of its keys that was asked for, once per user. */
function collect(user: DirectoryUser, keysOf: Kind['keysOf'], wanted: ReadonlySet<string>, found: Map<string, DirectoryUser[]>): void {
  for (const key of keysOf(user)) {
    if (!wanted.has(key)) continue;
    const list = found.get(key) ?? [];
    if (!list.some((u) => u.id === user.id)) list.push(user);
    found.set(key, list);
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The values of a `p eq "v" or …` expression, unescaped, to attribute a failed batch. */
function valuesIn(search: string): string[] {
  return [...search.matchAll(/eq "((?:[^"\\]|\\.)*)"/g)].map((match) => (match[1] ?? '').replace(/\\(.)/g, '$1'));
}
