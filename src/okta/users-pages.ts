import type { Client } from '@okta/okta-sdk-nodejs';
import type { OktaUserLike } from './okta-user.ts';

/**
 * GET /api/v1/users?search=… read page by page through the SDK's own request path
 * (`client.http.http`: its authentication, DPoP included, and our PacingRequestExecutor, so every
 * page is paced in the users-list bucket, time-limited and retried after a 429 like any SDK call).
 *
 * Why not `userApi.listUsers`: its collection reads the `Link` header with parse-link-header,
 * which gives up on headers over 2,000 characters, and Okta's `self` and `next` links both repeat
 * the search. A search sized by Okta's URL limit (~4 KB) has a Link header twice that long, so
 * the header is read here instead.
 */

/** Okta's page size maximum for /api/v1/users (larger values are clamped to it). */
export const USERS_PAGE_LIMIT = 200;

/** Okta: keep a request's URL under ~4 KB (okta-lifecycle.md, "Looking users up"). */
export const MAX_URL_CHARS = 4000;

/** Room left in a URL for `&limit=200` and the `after` cursor Okta adds to its next links. */
const QUERY_TAIL_CHARS = 120;

export interface UsersPage {
  readonly users: readonly OktaUserLike[];
  /** Okta's `rel="next"` link, or null on the last page. */
  readonly next: string | null;
}

/** The characters a `search` expression may take once encoded, for this org's URL. */
export function searchBudget(orgUrl: string): number {
  return MAX_URL_CHARS - `${orgUrl}/api/v1/users?search=`.length - QUERY_TAIL_CHARS;
}

/** The first page's URL for a search. */
export function searchUrl(orgUrl: string, search: string): string {
  return `${orgUrl}/api/v1/users?search=${encodeURIComponent(search)}&limit=${USERS_PAGE_LIMIT}`;
}

/** One page: the users and the next link. Errors are the SDK's (OktaApiError, HttpError) or the executor's (time limits, waits). */
export async function readUsersPage(client: Client, url: string): Promise<UsersPage> {
  // The SDK's RequestOptions type leans on DOM types this project does not load: the shape is node-fetch's.
  const request = { method: 'GET', headers: { Accept: 'application/json' } } as unknown as Parameters<Client['http']['http']>[1];
  const response = (await client.http.http(url, request)) as unknown as {
    text(): Promise<string>;
    headers: { get(name: string): string | null };
  };
  const body = JSON.parse(await response.text()) as unknown;
  if (!Array.isArray(body)) throw new Error('Okta answered a user search with something other than a list.');
  return { users: body as OktaUserLike[], next: nextLink(response.headers.get('link'), client.baseUrl) };
}

/**
 * The `rel="next"` URL of a Link header (node-fetch joins Okta's separate Link headers with ", ").
 * A next link to any other origin than the org's is ignored: following it would send the bot's
 * credentials elsewhere.
 */
export function nextLink(header: string | null, orgUrl: string): string | null {
  if (!header) return null;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const [, url = '', params = ''] = match;
    if (!/;\s*rel\s*=\s*"?next"?/i.test(params)) continue;
    try {
      return new URL(url).origin === new URL(orgUrl).origin ? url : null;
    } catch {
      return null;
    }
  }
  return null;
}
