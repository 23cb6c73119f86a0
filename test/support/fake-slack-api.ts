import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Slack: the Web API methods the bot calls (at `${url}api/<method>`), the
 * upload URLs files.uploadV2 posts to, response_urls, and private file downloads. Every request
 * is recorded; tests assert on what reached it.
 */

export type Json = { [key: string]: unknown };

export interface SlackCall {
  /** Web API method (chat.postMessage), or `upload`, `respond`, `download`, `view` (url_private). */
  readonly method: string;
  readonly args: Json;
  readonly authorization: string | null;
  /** performance.now() when the request arrived: for pacing checks. */
  readonly at: number;
}

/** Something shown to one person only: chat.postEphemeral, or a post to a response_url. */
export interface PrivateNotice {
  readonly via: 'chat.postEphemeral' | 'respond';
  /** Whom Slack shows it to (for a response_url: whoever the harness said it belongs to). */
  readonly user: string | null;
  readonly channel: string | null;
  readonly threadTs: string | null;
  readonly text: string;
  /** Blocks sent along (a response_url answer with buttons). */
  readonly blocks?: Json[];
  /**
   * false when Slack would not show it: an ephemeral sent into a thread that has no replies yet
   * ("ephemeral messages in threads are only shown if there is already an active thread").
   */
  readonly visible: boolean;
}

export interface FakeSlackUser {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  /** users.info `tz` (IANA); absent: the profile shows none. */
  readonly tz?: string;
}

/** A response_url post: an ephemeral answer, or (replaceOriginal) a new version of the message it belongs to. */
export interface ResponsePost {
  readonly id: string;
  readonly user: string | null;
  readonly text: string;
  readonly blocks: Json[];
  readonly replaceOriginal: boolean;
}

/** How a Workflow Builder step ended: functions.completeSuccess or functions.completeError. */
export interface FunctionResult {
  readonly executionId: string;
  readonly outputs: Json | null;
  readonly error: string | null;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | null;
  /** performance.now() when chat.postMessage arrived. */
  readonly postedAt: number;
  /** Latest version (chat.update replaces text and blocks). */
  text: string;
  blocks: Json[];
  readonly versions: Array<{ text: string; blocks: Json[] }>;
}

export interface UploadedFile {
  readonly filename: string;
  readonly content: string;
  channel: string | null;
  threadTs: string | null;
}

export interface FakeSlackApi {
  /** Base URL with a trailing slash; SLACK_API_URL is `${url}api/`. */
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: SlackCall[];
  readonly users: Map<string, FakeSlackUser>;
  readonly userGroups: Map<string, string[]>;
  /** Channels the bot is not in: chat.postMessage there fails with not_in_channel. */
  readonly closedChannels: Set<string>;
  /** Served at `${url}files-pri/<name>` (url_private_download) to requests carrying the bot token. */
  readonly files: Map<string, Uint8Array>;
  /** What files.info answers, by file id (Slack Connect events carry only a stub). */
  readonly fileInfos: Map<string, Json>;
  /** Private answers (ephemerals, response_url posts), in order. */
  readonly notices: PrivateNotice[];
  /** Every response_url post, in order (notices keep only the ephemeral ones). */
  readonly responses: ResponsePost[];
  /** Modals opened (views.open with a trigger_id), in order. */
  readonly openedViews: Json[];
  /** Workflow steps ended by the bot. */
  readonly functionResults: FunctionResult[];
  /** What functions.distributions.permissions.set was last told (who may add the step), or null. */
  stepPermissions: Json | null;
  /** The token a function_executed event carries (bot_access_token): accepted for functions.* calls. */
  readonly functionToken: string;
  /** When true every response_url post fails (HTTP 404 `expired_url`, as after 30 minutes or five uses). */
  failResponses: boolean;
  readonly messages: PostedMessage[];
  readonly uploads: UploadedFile[];
  readonly botUserId: string;
  readonly botToken: string;
  /** App-level token for Socket Mode: apps.connections.open answers `socketUrl` to it. */
  readonly appToken: string;
  socketUrl: string | null;
  /** url_private_download: the file's bytes. */
  fileUrl(name: string): string;
  /** url_private: Slack's page for the file, not meant for a bot to download. */
  fileViewUrl(name: string): string;
  /** A response_url; `user` is who its answers are shown to (whoever triggered the interaction). */
  responseUrl(id: string, user?: string): string;
  /** A message someone (not the bot) posted: a reply makes its thread one where ephemerals show. */
  noteUserMessage(channel: string, ts: string, threadTs: string | null): void;
  /** Texts shown privately to `user` that Slack would really display. */
  visibleNoticesTo(user: string): string[];
  callsTo(method: string): SlackCall[];
  /** Messages in a channel's thread (by root ts), in order. */
  thread(channel: string, rootTs: string): PostedMessage[];
  /** Everything the bot said anywhere, as text (messages, blocks, ephemerals, responses): for "never posted" checks. */
  everythingSaid(): string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** WebClient sends form fields, with objects (blocks) as JSON strings; some calls send JSON. */
function parseArgs(req: IncomingMessage, body: Buffer): Json {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return body.length ? (JSON.parse(body.toString('utf8')) as Json) : {};
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function startFakeSlackApi(options: { botToken?: string } = {}): Promise<FakeSlackApi> {
  const botToken = options.botToken ?? 'xoxb-test-token';
  const appToken = 'xapp-1-test-app-token';
  const calls: SlackCall[] = [];
  const users = new Map<string, FakeSlackUser>();
  const userGroups = new Map<string, string[]>();
  const closedChannels = new Set<string>();
  const files = new Map<string, Uint8Array>();
  const fileInfos = new Map<string, Json>();
  const notices: PrivateNotice[] = [];
  const responses: ResponsePost[] = [];
  const openedViews: Json[] = [];
  const functionResults: FunctionResult[] = [];
  const functionToken = 'xwfp-test-function-token';
  const responseOwners = new Map<string, string>();
  /** `${channel}:${rootTs}` of threads with at least one reply by someone other than the bot. */
  const userThreads = new Set<string>();
  const messages: PostedMessage[] = [];
  const uploads: UploadedFile[] = [];
  const pendingUploads = new Map<string, { filename: string; content: string; uploaded: boolean }>();
  let clock = 1_795_400_000;
  let seq = 0;
  const nextTs = () => `${clock++}.${String(++seq).padStart(6, '0')}`;
  let url = '';

  const hasReplies = (channel: string, rootTs: string) => userThreads.has(`${channel}:${rootTs}`) || messages.some((m) => m.channel === channel && m.threadTs === rootTs);

  const methods: Record<string, (args: Json) => Json> = {
    'auth.test': () => ({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', app_id: 'A123456' }),
    'chat.postMessage': (args) => {
      const channel = String(args.channel);
      if (closedChannels.has(channel)) return { ok: false, error: 'not_in_channel' };
      const message: PostedMessage = {
        channel,
        ts: nextTs(),
        threadTs: typeof args.thread_ts === 'string' ? args.thread_ts : null,
        postedAt: performance.now(),
        text: String(args.text ?? ''),
        blocks: (args.blocks as Json[] | undefined) ?? [],
        versions: [],
      };
      message.versions.push({ text: message.text, blocks: message.blocks });
      messages.push(message);
      return { ok: true, channel, ts: message.ts, message: { text: message.text } };
    },
    'chat.update': (args) => {
      const message = messages.find((m) => m.channel === args.channel && m.ts === args.ts);
      if (!message) return { ok: false, error: 'message_not_found' };
      message.text = String(args.text ?? '');
      message.blocks = (args.blocks as Json[] | undefined) ?? [];
      message.versions.push({ text: message.text, blocks: message.blocks });
      return { ok: true, channel: message.channel, ts: message.ts };
    },
    'chat.postEphemeral': (args) => {
      const channel = String(args.channel);
      if (closedChannels.has(channel)) return { ok: false, error: 'not_in_channel' };
      const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : null;
      // Slack accepts it either way (ok: true) and then shows nothing: only the recipient could tell.
      notices.push({ via: 'chat.postEphemeral', user: String(args.user), channel, threadTs, text: String(args.text ?? ''), visible: threadTs === null || hasReplies(channel, threadTs) });
      return { ok: true, message_ts: nextTs() };
    },
    'conversations.open': (args) => ({ ok: true, channel: { id: `D-${String(args.users)}` } }),
    // Slack opens a modal only for a trigger_id (from a click or command, good for 3 s).
    'views.open': (args) => {
      if (typeof args.trigger_id !== 'string' || !args.trigger_id) return { ok: false, error: 'invalid_arguments' };
      const view = (typeof args.view === 'string' ? safeJson(args.view) : args.view) as Json;
      openedViews.push({ ...view, trigger_id: args.trigger_id });
      return { ok: true, view: { id: `V${++seq}`, ...view } };
    },
    'users.lookupByEmail': (args) => {
      const user = [...users.values()].find((candidate) => candidate.email?.toLowerCase() === String(args.email).toLowerCase());
      return user ? { ok: true, user: { id: user.id, name: user.name } } : { ok: false, error: 'users_not_found' };
    },
    'bots.info': () => ({ ok: true, bot: { id: 'BBOT', app_id: 'A123456' } }),
    'functions.distributions.permissions.set': (args) => {
      if (args.function_app_id !== 'A123456' || args.function_callback_id === undefined) return { ok: false, error: 'function_not_found' };
      fake.stepPermissions = args;
      return { ok: true, permission_type: args.permission_type };
    },
    'functions.completeSuccess': (args) => {
      functionResults.push({ executionId: String(args.function_execution_id), outputs: (typeof args.outputs === 'string' ? safeJson(args.outputs) : args.outputs) as Json, error: null });
      return { ok: true };
    },
    'functions.completeError': (args) => {
      functionResults.push({ executionId: String(args.function_execution_id), outputs: null, error: String(args.error) });
      return { ok: true };
    },
    'users.info': (args) => {
      const user = users.get(String(args.user));
      if (!user) return { ok: false, error: 'user_not_found' };
      return { ok: true, user: { id: user.id, name: user.name, real_name: user.name, ...(user.tz ? { tz: user.tz } : {}), profile: { display_name: user.name, real_name: user.name, ...(user.email ? { email: user.email } : {}) } } };
    },
    'usergroups.users.list': (args) => ({ ok: true, users: userGroups.get(String(args.usergroup)) ?? [] }),
    'files.info': (args) => {
      const file = fileInfos.get(String(args.file));
      return file ? { ok: true, file } : { ok: false, error: 'file_not_found' };
    },
    // Slack requires both filename and length (the size in bytes of what will be uploaded).
    'files.getUploadURLExternal': (args) => {
      const length = Number(args.length);
      if (!args.filename || args.length === undefined || !Number.isInteger(length) || length < 0) return { ok: false, error: 'invalid_arguments' };
      const id = `F${++seq}`;
      pendingUploads.set(id, { filename: String(args.filename), content: '', uploaded: false });
      return { ok: true, upload_url: `${url}upload/${id}`, file_id: id };
    },
    // A file is shared only once its bytes reached the upload URL.
    'files.completeUploadExternal': (args) => {
      const listed = (typeof args.files === 'string' ? safeJson(args.files) : args.files) as Array<{ id: string }>;
      if (!Array.isArray(listed) || listed.length === 0) return { ok: false, error: 'invalid_arguments' };
      for (const { id } of listed) {
        const upload = pendingUploads.get(id);
        if (!upload?.uploaded) return { ok: false, error: 'file_not_found' };
      }
      for (const { id } of listed) {
        const pending = pendingUploads.get(id)!;
        pendingUploads.delete(id);
        uploads.push({
          filename: pending.filename,
          content: pending.content,
          channel: typeof args.channel_id === 'string' ? args.channel_id : null,
          threadTs: typeof args.thread_ts === 'string' ? args.thread_ts : null,
        });
      }
      return { ok: true, files: listed };
    },
  };

  const send = (res: ServerResponse, status: number, body: Json | string) => {
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const authorization = req.headers.authorization ?? null;
      const at = performance.now();
      const body = await readBody(req);
      if (path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        const args = parseArgs(req, body);
        calls.push({ method, args, authorization, at });
        if (method === 'apps.connections.open') {
          const ok = authorization === `Bearer ${appToken}` && fake.socketUrl;
          return send(res, 200, ok ? { ok: true, url: fake.socketUrl } : { ok: false, error: 'invalid_auth' });
        }
        // A workflow step's calls come with the token its function_executed event carried.
        const functionCall = method.startsWith('functions.complete') && authorization === `Bearer ${functionToken}`;
        if (!functionCall && authorization !== `Bearer ${botToken}` && args.token !== botToken) return send(res, 200, { ok: false, error: 'invalid_auth' });
        const handler = methods[method];
        return send(res, 200, handler ? handler(args) : { ok: false, error: 'unknown_method' });
      }
      if (path.startsWith('/upload/')) {
        const upload = pendingUploads.get(path.slice('/upload/'.length));
        calls.push({ method: 'upload', args: { path }, authorization, at });
        if (!upload) return send(res, 404, 'no such upload');
        upload.content = extractUploadedText(req, body);
        upload.uploaded = true;
        return send(res, 200, 'OK');
      }
      if (path.startsWith('/respond/')) {
        const id = path.slice('/respond/'.length);
        const args = parseArgs(req, body);
        calls.push({ method: 'respond', args: { id, ...args }, authorization, at });
        if (fake.failResponses) return send(res, 404, 'expired_url');
        // Commands and interactions alike: ephemeral unless asked otherwise; replace_original edits the message instead.
        const replaceOriginal = args.replace_original === true || args.replace_original === 'true';
        const blocks = Array.isArray(args.blocks) ? (args.blocks as Json[]) : [];
        responses.push({ id, user: responseOwners.get(id) ?? null, text: String(args.text ?? ''), blocks, replaceOriginal });
        if (!replaceOriginal && args.delete_original !== true) {
          notices.push({ via: 'respond', user: responseOwners.get(id) ?? null, channel: null, threadTs: null, text: String(args.text ?? ''), ...(blocks.length ? { blocks } : {}), visible: true });
        }
        return send(res, 200, 'ok');
      }
      if (path.startsWith('/files-view/')) {
        calls.push({ method: 'view', args: { path }, authorization, at });
        return send(res, 200, '<!DOCTYPE html><html><body>Slack file preview</body></html>');
      }
      if (path.startsWith('/files-pri/')) {
        calls.push({ method: 'download', args: { path }, authorization, at });
        if (authorization !== `Bearer ${botToken}`) return send(res, 403, 'forbidden');
        const file = files.get(path.slice('/files-pri/'.length));
        if (!file) return send(res, 404, 'not found');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.byteLength });
        return res.end(file);
      }
      send(res, 404, 'not found');
    })().catch((error: unknown) => send(res, 500, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const fake: FakeSlackApi = {
    url,
    apiUrl: `${url}api/`,
    calls,
    users,
    userGroups,
    closedChannels,
    files,
    fileInfos,
    notices,
    responses,
    openedViews,
    functionResults,
    stepPermissions: null,
    functionToken,
    failResponses: false,
    messages,
    uploads,
    botUserId: 'UBOT',
    botToken,
    appToken,
    socketUrl: null,
    fileUrl: (name) => `${url}files-pri/${name}`,
    fileViewUrl: (name) => `${url}files-view/${name}`,
    responseUrl: (id, user) => {
      if (user) responseOwners.set(id, user);
      return `${url}respond/${id}`;
    },
    noteUserMessage: (channel, _ts, threadTs) => {
      if (threadTs) userThreads.add(`${channel}:${threadTs}`);
    },
    visibleNoticesTo: (user) => notices.filter((n) => n.visible && n.user === user).map((n) => n.text),
    callsTo: (method) => calls.filter((call) => call.method === method),
    thread: (channel, rootTs) => messages.filter((m) => m.channel === channel && (m.threadTs === rootTs || m.ts === rootTs)),
    everythingSaid: () => JSON.stringify(calls.filter((c) => !['download', 'upload', 'view'].includes(c.method)).map((c) => c.args)) + JSON.stringify(uploads),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return fake;
}

/** files.uploadV2 posts the content as multipart or raw; either way the CSV text is in the body. */
function extractUploadedText(req: IncomingMessage, body: Buffer): string {
  const type = req.headers['content-type'] ?? '';
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary) return body.toString('utf8');
  const text = body.toString('utf8');
  const parts = text.split(`--${boundary[1] ?? boundary[2]}`);
  for (const part of parts) {
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0 && /filename=/.test(part.slice(0, split))) return part.slice(split + 4).replace(/\r\n$/, '');
  }
  return text;
}
