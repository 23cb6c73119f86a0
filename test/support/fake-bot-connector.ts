import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Connector service (what Teams' `serviceUrl` points at): the REST
 * REST routes a bot's connector client calls (v3 conversations, activities, members), recorded for assertions, plus a file host for the
 * pre-authenticated `downloadUrl`s Teams puts in file attachments. Tests assert on what reached it.
 */

/** Loosely typed on purpose: tests read whatever the bot sent, as JSON. */
export type JsonObject = { [key: string]: unknown };

export interface ConnectorCall {
  readonly method: string;
  /** Decoded path, e.g. /v3/conversations/a:1xYz/activities/17. */
  readonly path: string;
  readonly conversationId: string | null;
  /** The activity replied to (POST …/activities/{id}) or updated (PUT). */
  readonly activityId: string | null;
  readonly kind: 'send' | 'reply' | 'update' | 'member' | 'members' | 'create' | 'download' | 'other';
  readonly authorization: string | null;
  readonly body: JsonObject | null;
  /** The status the fake answered with (null while the call is being handled). */
  status: number | null;
  /** When the request arrived (performance.now()), for pacing assertions. */
  readonly at: number;
}

/** A POST (send, reply) or PUT (update) of an activity, as a fault rule sees it. */
export interface ActivityRequest {
  readonly method: 'POST' | 'PUT';
  readonly kind: 'send' | 'reply' | 'update';
  readonly conversationId: string;
  /** The activity replied to (POST) or updated (PUT). */
  readonly activityId: string | null;
  readonly body: JsonObject | null;
}

/** A status to fail the request with (429, 500, 404, …), or null/undefined to let it through. */
export type FaultRule = (request: ActivityRequest) => number | null | undefined;

/** Teams refuses a message over about 28 KB (the whole activity JSON) with 413. */
export const MAX_ACTIVITY_BYTES = 28 * 1024;

export interface FakeMember {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
}

export interface HostedFile {
  readonly bytes: Uint8Array;
  /** Default true. false streams without a Content-Length, like a chunked download. */
  readonly contentLength?: boolean;
}

export interface PostedActivity {
  readonly id: string;
  readonly conversationId: string;
  /** Set for the reply route; the bot's own replyToId otherwise. */
  readonly replyToId: string | null;
  /** The latest version: updates replace it. */
  readonly activity: JsonObject;
  readonly versions: readonly JsonObject[];
}

export interface FakeBotConnector {
  /** The serviceUrl to put in activities, with a trailing slash like Teams'. */
  readonly url: string;
  readonly calls: ConnectorCall[];
  /** Roster by Teams user id (29:…) or AAD object id; unknown members get 404. */
  readonly members: Map<string, FakeMember>;
  /** Files served at `${url}files/<name>`. */
  readonly files: Map<string, HostedFile>;
  /** Conversations the bot is not a member of: sending there fails with 403. */
  readonly blockedConversations: Set<string>;
  /** Fault injection: every rule is asked about each activity POST/PUT; the first status wins. */
  readonly faults: FaultRule[];
  fileUrl(name: string): string;
  /** Every message the bot posted (send or reply), in order, at its latest version. */
  posted(): PostedActivity[];
  message(id: string): PostedActivity | undefined;
  /** Resolves with the first posted message matching, polling until timeoutMs. */
  waitFor(predicate: (message: PostedActivity) => boolean, timeoutMs?: number): Promise<PostedActivity>;
  waitUntil(condition: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;
const MEMBER = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/;
const PAGED_MEMBERS = /^\/v3\/conversations\/([^/]+)\/pagedmembers$/;

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, FakeMember>();
  const files = new Map<string, HostedFile>();
  const blockedConversations = new Set<string>();
  const faults: FaultRule[] = [];
  const messages = new Map<string, { conversationId: string; replyToId: string | null; versions: JsonObject[] }>();
  let nextId = 1_795_400_000_000;
  let nextConversation = 1;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const raw = await readBody(req);
    const body = raw.length > 0 ? (JSON.parse(raw) as JsonObject) : null;
    let current: ConnectorCall | null = null;
    const record = (kind: ConnectorCall['kind'], conversationId: string | null = null, activityId: string | null = null) => {
      current = { method: req.method ?? '', path, conversationId, activityId, kind, authorization: req.headers.authorization ?? null, body, status: null, at: performance.now() };
      calls.push(current);
    };
    const json = (res: ServerResponse, status: number, payload: unknown) => {
      if (current) current.status = status;
      sendJson(res, status, payload);
    };
    // Matched on the raw pathname: conversation ids contain ';', ':', '@' and are sent encoded.
    const activities = ACTIVITIES.exec(url.pathname);
    const member = MEMBER.exec(url.pathname);
    const paged = PAGED_MEMBERS.exec(url.pathname);

    if (path.startsWith('/files/') && req.method === 'GET') {
      record('download');
      const file = files.get(path.slice('/files/'.length));
      if (!file) return json(res, 404, { error: 'no such file' });
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      if (file.contentLength !== false) headers['content-length'] = String(file.bytes.byteLength);
      res.writeHead(200, headers);
      // In pieces, so a reader that stops early really stops mid-stream.
      for (let offset = 0; offset < file.bytes.byteLength && !res.destroyed; offset += 64 * 1024) {
        res.write(file.bytes.subarray(offset, offset + 64 * 1024));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
      return;
    }
    if (activities && (req.method === 'POST' || req.method === 'PUT')) {
      const conversationId = decodeURIComponent(activities[1] ?? '');
      const activityId = activities[2] ? decodeURIComponent(activities[2]) : null;
      const kind = req.method === 'PUT' ? 'update' : activityId ? 'reply' : 'send';
      record(kind, conversationId, activityId);
      if (Buffer.byteLength(raw, 'utf8') > MAX_ACTIVITY_BYTES) {
        return json(res, 413, { error: { code: 'MessageSizeTooBig', message: `Activity is ${Buffer.byteLength(raw, 'utf8')} bytes; the limit is ${MAX_ACTIVITY_BYTES}.` } });
      }
      const request: ActivityRequest = { method: req.method as 'POST' | 'PUT', kind, conversationId, activityId, body };
      const fault = faults.map((rule) => rule(request)).find((status) => typeof status === 'number');
      if (fault !== undefined && fault !== null) {
        return json(res, fault, { error: { code: fault === 429 ? 'Throttled' : 'InjectedFault', message: `fake Bot Connector: injected ${fault}` } });
      }
      if (req.method === 'PUT') {
        const existing = activityId ? messages.get(activityId) : undefined;
        // The real connector knows an activity only in the conversation (channel) it was posted to;
        // a thread's `;messageid=` suffix names the same channel.
        if (!existing || !body || channelOf(existing.conversationId) !== channelOf(conversationId)) return json(res, 404, { error: { code: 'ActivityNotFound', message: 'Unknown activity' } });
        existing.versions.push(body);
        return json(res, 200, { id: activityId });
      }
      if (blockedConversations.has(conversationId)) {
        return json(res, 403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
      }
      const id = String(nextId++);
      messages.set(id, { conversationId, replyToId: activityId ?? ((body?.replyToId as string | undefined) ?? null), versions: [body ?? {}] });
      return json(res, 201, { id });
    }
    if (member && req.method === 'GET') {
      const conversationId = decodeURIComponent(member[1] ?? '');
      record('member', conversationId);
      const found = members.get(decodeURIComponent(member[2] ?? ''));
      if (!found) return json(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } });
      return json(res, 200, { ...found, objectId: found.aadObjectId, tenantId: 'tenant' });
    }
    if (paged && req.method === 'GET') {
      record('members', decodeURIComponent(paged[1] ?? ''));
      return json(res, 200, { members: [...new Set(members.values())] });
    }
    if (path === '/v3/conversations' && req.method === 'POST') {
      const id = `a:created-${nextConversation++}`;
      record('create', id);
      return json(res, 201, { id, serviceUrl: service.url, activityId: '' });
    }
    record('other');
    json(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const snapshot = (id: string): PostedActivity | undefined => {
    const entry = messages.get(id);
    if (!entry) return undefined;
    const latest = entry.versions[entry.versions.length - 1] ?? {};
    return { id, conversationId: entry.conversationId, replyToId: entry.replyToId, activity: latest, versions: [...entry.versions] };
  };

  const service: FakeBotConnector = {
    url: `http://127.0.0.1:${port}/`,
    calls,
    members,
    files,
    blockedConversations,
    faults,
    fileUrl: (name) => `http://127.0.0.1:${port}/files/${name}`,
    posted: () => [...messages.keys()].map((id) => snapshot(id)).filter((m): m is PostedActivity => m !== undefined),
    message: snapshot,
    async waitFor(predicate, timeoutMs = 10_000) {
      let found: PostedActivity | undefined;
      await service.waitUntil(() => (found = service.posted().find(predicate)) !== undefined, timeoutMs);
      return found as PostedActivity;
    },
    async waitUntil(condition, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`fake Bot Connector: condition not met within ${timeoutMs} ms; posted: ${JSON.stringify(service.posted().map(describe), null, 1)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return service;
}

function describe(message: PostedActivity): unknown {
  const attachments = (message.activity.attachments as JsonObject[] | undefined) ?? [];
  return { id: message.id, text: message.activity.text, attachments: attachments.map((a) => a.contentType), versions: message.versions.length };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}
