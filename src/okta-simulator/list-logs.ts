// GET /api/v1/logs: since/until, filter, limit, sortOrder and cursor paging with Link headers.
import { ok, validationFailed } from './errors.ts';
import type { SimResponse } from './errors.ts';
import { LogFilterSyntaxError, matchesLogFilter, parseLogFilter } from './log-filter.ts';
import type { LogFilter } from './log-filter.ts';
import type { SystemLog } from './system-log.ts';

/** Okta: limit defaults to 100, at most 1000. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** Okta: without `since`, the last 7 days. */
const DEFAULT_SINCE_MS = 7 * 24 * 3600_000;

function parseTime(name: string, raw: string | null): number | null | SimResponse {
  if (raw === null) return null;
  const ms = Date.parse(raw);
  // Okta wants ISO 8601 with a time; a bare number or a date-only string is refused.
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms)) return validationFailed(name, `${name}: "${raw}" is not a valid ISO 8601 timestamp.`);
  return ms;
}

function parseLimit(raw: string | null): number | SimResponse {
  if (raw === null) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw)) return validationFailed('limit', 'limit must be an integer between 0 and 1000.');
  return Math.min(Number(raw), MAX_LIMIT);
}

function linkHeader(baseUrl: string, params: URLSearchParams, rel: 'self' | 'next'): string {
  const query = params.toString();
  return `<${baseUrl}/api/v1/logs${query === '' ? '' : `?${query}`}>; rel="${rel}"`;
}

/**
 * The cursor (`after`) is the position of the last event listed, opaque to clients. Okta: a
 * request without `until` is a polling request and its answer always carries a `next` link, even
 * on the last page (what arrives later shows up there); a bounded request's last page has none.
 */
export function listLogs(params: URLSearchParams, log: SystemLog, now: number, baseUrl: string): SimResponse {
  const since = parseTime('since', params.get('since'));
  if (typeof since === 'object' && since !== null) return since;
  const until = parseTime('until', params.get('until'));
  if (typeof until === 'object' && until !== null) return until;
  const limit = parseLimit(params.get('limit'));
  if (typeof limit !== 'number') return limit;
  const sortOrder = (params.get('sortOrder') ?? 'ASCENDING').toUpperCase();
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') return validationFailed('sortOrder', 'sortOrder must be ASCENDING or DESCENDING.');
  let filter: LogFilter | null = null;
  const rawFilter = params.get('filter');
  if (rawFilter !== null && rawFilter.trim() !== '') {
    try {
      filter = parseLogFilter(rawFilter);
    } catch (err) {
      if (err instanceof LogFilterSyntaxError) return validationFailed('filter', `Invalid filter: ${err.message}.`);
      throw err;
    }
  }
  const after = params.get('after');
  const cursor = after === null ? null : Number(after);
  if (cursor !== null && !Number.isInteger(cursor)) return validationFailed('after', 'after is not a valid cursor.');

  const from = since ?? (until ?? now) - DEFAULT_SINCE_MS;
  let selected = log
    .visible()
    .filter((e) => e.at >= from && (until === null || e.at < until) && (filter === null || matchesLogFilter(filter, e.event)));
  if (sortOrder === 'DESCENDING') selected = selected.reverse();
  if (cursor !== null) selected = selected.filter((e) => (sortOrder === 'ASCENDING' ? e.position > cursor : e.position < cursor));
  const page = selected.slice(0, limit);

  const links = [linkHeader(baseUrl, params, 'self')];
  const polling = until === null;
  const last = page[page.length - 1];
  if (polling || selected.length > page.length) {
    const next = new URLSearchParams(params);
    if (last !== undefined) next.set('after', String(last.position));
    links.push(linkHeader(baseUrl, next, 'next'));
  }
  return ok(
    page.map((e) => e.event),
    { Link: links },
  );
}
