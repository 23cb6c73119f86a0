import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TeamsSettings } from '../../src/config.ts';
import type { KeyValueStore } from '../../src/core/store.ts';
import type { AuditSink } from '../../src/core/audit.ts';
import type { ResendSettings } from '../../src/core/resend-service.ts';
import { createSilentLogger } from '../../src/logging/logger.ts';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { createHttpApp } from '../../src/server/create-http-app.ts';
import { createTeamsSurface, type TeamsSurface } from '../../src/teams/index.ts';
import { startFakeBotConnector, type FakeBotConnector, type JsonObject, type PostedActivity } from '../support/fake-bot-connector.ts';
import { startSimulatedRuntime, type SimulatedRuntime } from '../support/okta-runtime.ts';

// End-to-end at the protocol level: Bot Framework activities POSTed to our /api/messages, replies
// read from a fake Bot Connector, emails read from the Okta simulator's outbox. Nothing here knows
// the SDK: the same tests held on botbuilder and hold on the Teams SDK (@microsoft/teams.apps).

export type Activity = JsonObject;

/** Recorded activities from /work/shared/fixtures/teams (their `_note` dropped). */
export function fixture(name: 'message-personal' | 'card-submit' | 'message-action-submit' | 'file-download-info-attachment'): Activity {
  const { _note: _ignored, ...activity } = JSON.parse(readFileSync(new URL(`../fixtures/teams/${name}.json`, import.meta.url), 'utf8')) as Activity;
  return activity;
}

export const HELEN = { id: '29:1abcDEF-user', name: 'Helen Help', aadObjectId: '11111111-1111-4111-8111-111111111111' };
export const HANK = { id: '29:2hank-user', name: 'Hank Helpdesk', aadObjectId: '33333333-3333-4333-8333-333333333333' };
/** Not helpdesk, and the roster has no email for him. */
export const OSCAR = { id: '29:3oscar-user', name: 'Oscar Outsider', aadObjectId: '22222222-2222-4222-8222-222222222222' };
/** No role: a manager, found in Okta by her roster email (maria.boss@corp.example). */
export const MARIA = { id: '29:4maria-user', name: 'Maria Boss', aadObjectId: '44444444-4444-4444-8444-444444444444' };
/** An approver when a test names her in `approvers`. */
export const ADA = { id: '29:5ada-user', name: 'Ada Approver', aadObjectId: '55555555-5555-4555-8555-555555555555' };
/** An admin when a test names him in `admins`. */
export const ROOT = { id: '29:6root-user', name: 'Root Admin', aadObjectId: '66666666-6666-4666-8666-666666666666' };

export const D = 'corp.example';
export const USERS: SimulatorSeedUser[] = [
  { login: `alice.nguyen@${D}`, status: 'PROVISIONED', firstName: 'Alice', lastName: 'Nguyen' },
  { login: `bob.li@${D}`, status: 'STAGED', firstName: 'Bob', lastName: 'Li' },
  { login: `carol.active@${D}`, status: 'ACTIVE', firstName: 'Carol', lastName: 'Active', activated: '2026-01-02T03:04:05.000Z', hasPassword: true },
  { login: `dave.new@${D}`, status: 'PROVISIONED', firstName: 'Dave', lastName: 'New' },
];

export const UNAUTHENTICATED: TeamsSettings = { appId: null, appPassword: null, tenantId: null, appType: 'MultiTenant' };

export interface TeamsHarness {
  readonly rt: SimulatedRuntime;
  readonly connector: FakeBotConnector;
  readonly surface: TeamsSurface;
  /** The port our HTTP server listens on (127.0.0.1), for requests `post` cannot make. */
  readonly port: number;
  /** An activity as Teams would send it, pointed at the fake connector. */
  post(activity: Activity): Promise<{ status: number; body: string }>;
  /** Every lifecycle call that reached "Okta". */
  lifecycleCalls(): number;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly settings?: TeamsSettings;
  readonly resend?: Partial<ResendSettings>;
  readonly now?: () => number;
  readonly users?: SimulatorSeedUser[];
  /** APPROVER_USERS / ADMIN_USERS as AAD object ids (default none: helpdesk approves). */
  readonly approvers?: string[];
  readonly admins?: string[];
  /** APPROVAL_TEAMS_CHANNEL (default none). */
  readonly approvalConversationId?: string | null;
  /** Where the core writes its audit trail (e.g. createJsonlAuditSink); default none. */
  readonly audit?: AuditSink;
  /** The approval expiry sweep's interval (default the surface's 60 s: never within a test). */
  readonly approvalSweepMs?: number;
  readonly oktaLimits?: { timeoutSeconds?: number; maxWaitSeconds?: number };
  /** A store shared with another runtime (a second "process"). */
  readonly store?: KeyValueStore;
}

export async function startTeamsHarness(options: HarnessOptions = {}): Promise<TeamsHarness> {
  const rt = await startSimulatedRuntime({
    helpdeskUsers: [HELEN.aadObjectId, HANK.aadObjectId],
    ...(options.approvers ? { approvers: options.approvers } : {}),
    ...(options.admins ? { admins: options.admins } : {}),
    simulator: { users: options.users ?? USERS },
    ...(options.resend ? { settings: options.resend } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.oktaLimits ? { oktaLimits: options.oktaLimits } : {}),
    ...(options.store ? { store: options.store } : {}),
  });
  const connector = await startFakeBotConnector();
  connector.members.set(HELEN.id, { ...HELEN, email: `helen@${D}` });
  connector.members.set(HANK.id, { ...HANK, email: `hank@${D}` });
  connector.members.set(MARIA.id, { ...MARIA, email: `maria.boss@${D}` });
  connector.members.set(ADA.id, { ...ADA, email: `ada@${D}` });
  connector.members.set(ROOT.id, { ...ROOT, email: `root@${D}` });
  const surface = createTeamsSurface({
    settings: options.settings ?? UNAUTHENTICATED,
    service: rt.service,
    logger: createSilentLogger(),
    progressIntervalMs: 50,
    approvalConversationId: options.approvalConversationId ?? null,
    ...(options.approvalSweepMs === undefined ? {} : { approvalSweepMs: options.approvalSweepMs }),
  });
  const server: Server = createHttpApp([surface]).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    rt,
    connector,
    surface,
    port,
    async post(activity) {
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...activity, serviceUrl: connector.url }),
      });
      return { status: response.status, body: await response.text() };
    },
    lifecycleCalls: () => rt.sim.calls.filter((call) => call.path.includes('/lifecycle/')).length,
    async close() {
      await surface.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connector.close();
      await rt.close();
    },
  };
}

let nextId = 1;
/** A personal-chat message from `from`, built on the recorded fixture. */
export function personalMessage(text: string, from = HELEN): Activity {
  return { ...fixture('message-personal'), id: `m${nextId++}`, text, from };
}

/** A click on one of our Action.Submit buttons, replying to the card with id `cardId`. */
export function cardClick(cardId: string, value: Record<string, string>, from = HELEN, conversation?: unknown): Activity {
  const base = fixture('card-submit');
  return { ...base, id: `c${nextId++}`, replyToId: cardId, value, from, ...(conversation ? { conversation } : {}) };
}

/**
 * A click on a card the bot posted as a new post in a channel (the approval card): Teams sends it
 * in that post's thread, `<channel>;messageid=<card id>`, with the team in channelData.
 */
export function channelCardClick(channelId: string, cardId: string, value: Record<string, string>, from: typeof HELEN): Activity {
  const base = fixture('card-submit');
  const tenant = (base.conversation as JsonObject).tenantId;
  return {
    ...base,
    id: `c${nextId++}`,
    replyToId: cardId,
    value,
    from,
    conversation: { id: `${channelId};messageid=${cardId}`, conversationType: 'channel', tenantId: tenant },
    channelData: { tenant: { id: tenant }, channel: { id: channelId }, team: { id: '19:team@thread.tacv2' } },
  };
}

// Reading what the bot posted.
export function cardOf(message: PostedActivity): JsonObject | null {
  const attachments = (message.activity.attachments as JsonObject[] | undefined) ?? [];
  const card = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return (card?.content as JsonObject | undefined) ?? null;
}

/** Every TextBlock text of a card, in order, as sent (escaped Markdown). */
export function cardTexts(card: JsonObject | null): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const element = node as JsonObject;
      if (element.type === 'TextBlock' && typeof element.text === 'string') texts.push(element.text);
      for (const value of Object.values(element)) walk(value);
    }
  };
  walk(card?.body ?? []);
  return texts;
}

export function cardActions(card: JsonObject | null): JsonObject[] {
  return (card?.actions as JsonObject[] | undefined) ?? [];
}

export const isPlanCard = (message: PostedActivity): boolean => cardActions(cardOf(message)).some((a) => (a.data as JsonObject | undefined)?.action === 'confirm');
export const textOf = (message: PostedActivity): string => (typeof message.activity.text === 'string' ? message.activity.text : '');

/** A fresh harness for one test, closed whatever happens. */
export async function withTeams(body: (h: TeamsHarness) => Promise<void>, options: HarnessOptions = {}): Promise<void> {
  const h = await startTeamsHarness(options);
  try {
    await body(h);
  } finally {
    await h.close();
  }
}
