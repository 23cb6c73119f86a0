// GET /api/v1/users: search / filter / q, ordered by id, cursor pagination with Link headers.
import { ok, validationFailed } from './errors.ts';
import type { SimResponse } from './errors.ts';
import { FILTER_DIALECT, SEARCH_DIALECT, SearchSyntaxError, matches, parseExpression } from './search.ts';
import type { Dialect } from './search.ts';
import { toOktaUser } from './user-json.ts';
import type { StoredUser, UserStore } from './user-store.ts';

/** Okta: limit defaults to 200 and larger values are clamped to 200 for /api/v1/users. */
const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 200;
/** Okta: with `q` the default limit is 10. */
const DEFAULT_Q_LIMIT = 10;

function parseLimit(raw: string | null, fallback: number): number | SimResponse {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) return validationFailed('limit', 'limit must be a positive integer.');
  return Math.min(Number(raw), MAX_LIMIT);
}

function byExpression(param: string, raw: string, dialect: Dialect, users: StoredUser[]): StoredUser[] | SimResponse {
  try {
    const expr = parseExpression(raw, dialect);
    return users.filter((u) => matches(expr, u, dialect));
  } catch (err) {
    if (err instanceof SearchSyntaxError) {
      return validationFailed(param, `Invalid ${param} criteria.`);
    }
    throw err;
  }
}

/** Okta: `q` is a starts-with match on login, email, first or last name, and omits DEPROVISIONED. */
function byQuery(q: string, users: StoredUser[]): StoredUser[] {
  const wanted = q.toLowerCase();
  return users.filter(
    (u) =>
      u.status !== 'DEPROVISIONED' &&
      [u.login, u.email, u.firstName, u.lastName].some((v) => v.toLowerCase().startsWith(wanted)),
  );
}

function linkHeader(baseUrl: string, params: URLSearchParams, rel: 'self' | 'next'): string {
  const query = params.toString();
  return `<${baseUrl}/api/v1/users${query === '' ? '' : `?${query}`}>; rel="${rel}"`;
}

export function listUsers(params: URLSearchParams, store: UserStore, baseUrl: string): SimResponse {
  const search = params.get('search');
  const filter = params.get('filter');
  const q = params.get('q');
  const all = store.sorted();

  let selected: StoredUser[] | SimResponse;
  let paginated = true;
  if (search !== null) {
    // Okta: search results include DEPROVISIONED users.
    // Okta: search reads an index that trails writes (the simulator's searchLagMs).
    selected = byExpression('search', search, SEARCH_DIALECT, store.searchable());
  } else if (filter !== null) {
    selected = byExpression('filter', filter, FILTER_DIALECT, all);
  } else if (q !== null) {
    selected = byQuery(q, all);
    paginated = false; // Okta: `q` does not support pagination, only `limit`.
  } else {
    // Okta: without search, filter or q, every user except DEPROVISIONED ones is listed.
    selected = all.filter((u) => u.status !== 'DEPROVISIONED');
  }
  if (!Array.isArray(selected)) return selected;

  const limit = parseLimit(params.get('limit'), q !== null ? DEFAULT_Q_LIMIT : DEFAULT_LIMIT);
  if (typeof limit !== 'number') return limit;

  // The cursor is the id of the last user on the previous page (Okta's user cursors are ids too).
  const after = params.get('after');
  const remaining = after === null || !paginated ? selected : selected.filter((u) => u.id > after);
  const page = remaining.slice(0, limit);

  // Okta sends two separate Link headers; node-fetch joins them with ", " and parse-link-header
  // (used by the SDK's Collection) splits them again.
  const links = [linkHeader(baseUrl, params, 'self')];
  const last = page[page.length - 1];
  if (paginated && remaining.length > page.length && last !== undefined) {
    const next = new URLSearchParams(params);
    next.set('after', last.id);
    links.push(linkHeader(baseUrl, next, 'next'));
  }
  return ok(
    page.map((u) => toOktaUser(u, baseUrl)),
    { Link: links },
  );
}
