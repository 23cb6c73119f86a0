import type { Client } from '@okta/okta-sdk-nodejs';
import type { ReadObserver } from '../core/lifecycle.ts';
import { mapOktaError } from './okta-errors.ts';
import { toDirectoryUser, type OktaUserLike } from './okta-user.ts';
import { callContext, newCallContext } from './pacing-request-executor.ts';
import { readUsersPage, searchUrl } from './users-pages.ts';
import type { DirectoryUser } from '../core/directory-user.ts';

/**
 * The whole org through `search` by status, 200 users a page: every status, so that matching
 * locally finds exactly what the batched search would (an address that is a PROVISIONED user's
 * email and an ACTIVE user's login stays ambiguous; listing only the statuses the bot can send to
 * would miss the second user). `search`, not a plain list: a plain list omits DEPROVISIONED users
 * and reads another index than the search whose lag the rechecks are for.
 *
 * Two chains side by side, each following its own `next` links: ACTIVE, most of a real org, and
 * every other status, where new hires are.
 */
export const LISTING_SEARCHES = [
  'status eq "ACTIVE"',
  ['STAGED', 'PROVISIONED', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'].map((status) => `status eq "${status}"`).join(' or '),
] as const;

export type OrgListing =
  | { readonly complete: true; readonly users: readonly DirectoryUser[]; readonly pages: number }
  /** Stopped at the page budget: the org is bigger than `pages` pages (the caller searches instead). */
  | { readonly complete: false; readonly pages: number };

/**
 * Lists the org, at most `maxPages` requests in all: a listing that would cost more than the
 * search it replaces is given up (what it read is dropped: a partial listing cannot tell a
 * unique match from an ambiguous one). Errors are thrown as the SDK's; each page is one read.
 */
export async function listOrg(client: Client, maxPages: number, onRead: ReadObserver): Promise<OrgListing> {
  const users: DirectoryUser[] = [];
  let pages = 0;
  let stopped = false;
  const chain = async (search: string): Promise<void> => {
    let url: string | null = searchUrl(client.baseUrl, search);
    while (url !== null && !stopped) {
      if (pages >= maxPages) {
        stopped = true;
        return;
      }
      pages += 1;
      const context = newCallContext();
      const read = { endpoint: 'GET /api/v1/users?search=status', asked: 0 };
      try {
        const page = await callContext.run(context, () => readUsersPage(client, url as string));
        onRead({ ...read, found: page.users.length, result: 'ok', errorCode: null, requestIds: context.requestIds });
        for (const raw of page.users) users.push(toDirectoryUser(raw as OktaUserLike));
        url = page.next;
      } catch (error) {
        const mapped = mapOktaError(error);
        onRead({ ...read, found: 0, result: mapped.code, errorCode: mapped.errorCode, requestIds: context.requestIds });
        stopped = true;
        throw error;
      }
    }
  };
  await Promise.all(LISTING_SEARCHES.map(chain));
  return stopped ? { complete: false, pages } : { complete: true, users, pages };
}
