import type { Client } from '@okta/okta-sdk-nodejs';
import type { LifecycleAction } from '../core/lifecycle.ts';
import type { LogVerdict } from '../core/runs/in-doubt.ts';
import { isOktaTokenError } from './okta-call-errors.ts';
import { mapOktaError } from './okta-errors.ts';
import { callContext, newCallContext } from './pacing-request-executor.ts';

/**
 * Okta's System Log (GET /api/v1/logs) through the SDK: the same executor as every other call,
 * so each page is paced in the logs bucket (50–120 a minute at Okta, the smallest there is) and
 * time-limited like a lookup.
 */

/** A LogEvent as plain data (the SDK's model classes, `published` as an ISO string). */
export interface SystemLogEvent {
  readonly uuid: string;
  readonly published: string;
  readonly eventType: string;
  readonly displayMessage: string | null;
  readonly severity: string | null;
  readonly actor: { readonly id: string; readonly type: string; readonly alternateId: string | null; readonly displayName: string | null } | null;
  readonly outcome: { readonly result: string; readonly reason: string | null } | null;
  readonly target: ReadonlyArray<{ readonly id: string; readonly type: string; readonly alternateId: string | null; readonly displayName: string | null }>;
  readonly debugData: Readonly<Record<string, unknown>>;
  readonly transactionId: string | null;
}

export interface LogQuery {
  /** Epoch ms; Okta's default is 7 days ago, and it keeps 90 days. */
  readonly since: number;
  /** Epoch ms, exclusive. Without it the request is a "polling" one (see readLogs). */
  readonly until?: number;
  /** Okta's SCIM-like filter, e.g. `eventType eq "system.email.delivery" and outcome.result eq "FAILURE"`. */
  readonly filter?: string;
  /** Per page; Okta: 100 by default, at most 1000. */
  readonly limit?: number;
  /** At most this many pages (requests); default MAX_LOG_PAGES. */
  readonly maxPages?: number;
}

export type LogRead =
  | { readonly ok: true; readonly events: SystemLogEvent[]; /** More pages were left unread (the page cap). */ readonly truncated: boolean; readonly requestIds: readonly string[] }
  | {
      readonly ok: false;
      /** `not_permitted`: the bot may not read the log (no okta.logs.read, or its admin lacks the role); `failed`: anything else (timeout, 5xx, rate limit). */
      readonly reason: 'not_permitted' | 'failed';
      readonly message: string;
      readonly requestIds: readonly string[];
    };

/** Pages per read: the logs bucket is small, and a read that needs more should narrow its filter or time range. */
export const MAX_LOG_PAGES = 10;

/**
 * After the log turned out unreadable (403 E0000006, or an OAuth token request for
 * okta.logs.read refused), it is not asked again for this long: an admin's fix takes a while, and
 * every refused request would spend the small logs bucket (and, for a token, the token bucket).
 */
export const UNREADABLE_MEMORY_MS = 10 * 60_000;

/** Okta's event types for the bot's lifecycle calls (an admin's password reset is `user.account.*`). */
export const LIFECYCLE_EVENT_TYPES: Record<LifecycleAction, string> = {
  activate: 'user.lifecycle.activate',
  reactivate: 'user.lifecycle.reactivate',
  reset_password: 'user.account.reset_password',
};

export class SystemLogReader {
  private unreadableUntil = 0;

  /** `clientFor` builds the SDK client for logs on first use (see createOktaConnection). */
  constructor(
    private readonly clientFor: () => Client,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Reads events page by page, following Okta's `next` links, up to `maxPages`. Okta always gives
   * a polling request (no `until`) a next link, even on its last page, so a page shorter than the
   * limit (or empty) ends the read too. Never throws.
   */
  async read(query: LogQuery): Promise<LogRead> {
    if (this.now() < this.unreadableUntil) {
      return { ok: false, reason: 'not_permitted', message: "The bot may not read Okta's System Log (remembered from an earlier refusal).", requestIds: [] };
    }
    const context = newCallContext();
    const limit = query.limit ?? 100;
    const maxPages = query.maxPages ?? MAX_LOG_PAGES;
    return callContext.run(context, async (): Promise<LogRead> => {
      const events: SystemLogEvent[] = [];
      try {
        const collection = await this.clientFor().systemLogApi.listLogEvents({
          since: new Date(query.since).toISOString(),
          ...(query.until === undefined ? {} : { until: new Date(query.until).toISOString() }),
          ...(query.filter === undefined ? {} : { filter: query.filter }),
          limit,
        });
        for (let page = 0; page < maxPages; page += 1) {
          // nextUri is cleared by the SDK once a page had no next link.
          if (!collection.nextUri) return { ok: true, events, truncated: false, requestIds: context.requestIds };
          const items = await collection.getNextPage();
          events.push(...items.map(toPlainEvent));
          if (items.length < limit) return { ok: true, events, truncated: false, requestIds: context.requestIds };
        }
        return { ok: true, events, truncated: Boolean(collection.nextUri), requestIds: context.requestIds };
      } catch (error) {
        const notPermitted = isNotPermitted(error);
        if (notPermitted) this.unreadableUntil = this.now() + UNREADABLE_MEMORY_MS;
        const mapped = mapOktaError(error);
        return { ok: false, reason: notPermitted ? 'not_permitted' : 'failed', message: mapped.summary, requestIds: context.requestIds };
      }
    });
  }

  /**
   * Whether the log shows this lifecycle call (outcome SUCCESS, this user as target) since then:
   * one request. 'unknown' when the log cannot be read, for whatever reason.
   */
  async lifecycleLogged(userId: string, action: LifecycleAction, sinceMs: number): Promise<LogVerdict> {
    const eventType = LIFECYCLE_EVENT_TYPES[action];
    const filter = `eventType eq ${quoted(eventType)} and target.id eq ${quoted(userId)}`;
    const read = await this.read({ since: sinceMs, filter, limit: 20, maxPages: 1 });
    if (!read.ok) return 'unknown';
    // Checked again here: the filter is Okta's to apply, the verdict is ours.
    const logged = read.events.some((e) => e.eventType === eventType && e.outcome?.result === 'SUCCESS' && e.target.some((t) => t.id === userId));
    return logged ? 'logged' : 'not_logged';
  }
}

/** A filter string value: quotes and backslashes escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The log is not readable by this bot: 403 E0000006 on the logs call, or the token request for
 * okta.logs.read refused (invalid_scope 400, invalid_client 401) — an app not granted the scope.
 */
function isNotPermitted(error: unknown): boolean {
  if (isOktaTokenError(error)) return error.status === 400 || error.status === 401 || error.status === 403;
  return typeof error === 'object' && error !== null && (error as { errorCode?: unknown }).errorCode === 'E0000006';
}

interface LogEventLike {
  uuid?: string;
  published?: Date | string;
  eventType?: string;
  displayMessage?: string;
  severity?: string;
  actor?: { id?: string; type?: string; alternateId?: string; displayName?: string };
  outcome?: { result?: string; reason?: string };
  target?: Array<{ id?: string; type?: string; alternateId?: string; displayName?: string }>;
  debugContext?: { debugData?: Record<string, unknown> };
  transaction?: { id?: string };
}

function toPlainEvent(raw: unknown): SystemLogEvent {
  const e = raw as LogEventLike;
  const published = e.published instanceof Date ? e.published.toISOString() : String(e.published ?? '');
  const party = (p: { id?: string; type?: string; alternateId?: string; displayName?: string }) => ({
    id: p.id ?? '',
    type: p.type ?? '',
    alternateId: p.alternateId ?? null,
    displayName: p.displayName ?? null,
  });
  return {
    uuid: e.uuid ?? '',
    published,
    eventType: e.eventType ?? '',
    displayMessage: e.displayMessage ?? null,
    severity: e.severity ?? null,
    actor: e.actor ? party(e.actor) : null,
    outcome: e.outcome ? { result: e.outcome.result ?? '', reason: e.outcome.reason ?? null } : null,
    target: (e.target ?? []).map(party),
    debugData: { ...(e.debugContext?.debugData ?? {}) },
    transactionId: e.transaction?.id ?? null,
  };
}

/**
 * The reader each SDK client built by createOktaConnection comes with. OktaDirectory finds it
 * here, so the runtime can keep constructing `new OktaDirectory(client)`; a client from elsewhere
 * reads the log with its own credentials.
 */
const readers = new WeakMap<Client, SystemLogReader>();

export function registerSystemLog(client: Client, reader: SystemLogReader): void {
  readers.set(client, reader);
}

export function systemLogFor(client: Client): SystemLogReader {
  return readers.get(client) ?? new SystemLogReader(() => client);
}
