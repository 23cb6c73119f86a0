import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TeamsSettings } from '../../src/config.ts';
import type { ResendSettings } from '../../src/core/resend-service.ts';
import { createSilentLogger } from '../../src/logging/logger.ts';
import type { SimulatorSeedUser } from '../../src/okta-simulator/index.ts';
import { createHttpApp } from '../../src/server/create-http-app.ts';
import { createTeamsSurface, type TeamsSurface } from '../../src/teams/index.ts';
import { startFakeBotConnector, type FakeBotConnector, type JsonObject, type PostedActivity } from '../support/fake-bot-connector.ts';
import { startSimulatedRuntime, type SimulatedRuntime } from '../support/okta-runtime.ts';

// End-to-end at the protocol level: Bot Framework activities POSTed to our /api/messages, replies
// read from a fake Bot Connector, emails read from the Okta simulator's outbox. Nothing here knows
// botbuilder, so the same tests hold for a move to @microsoft/agents-hosting or @microsoft/teams.apps.

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
  /** An activity as Teams would send it, pointed at the fake connector. */
  post(activity: Activity): Promise<{ status: number; body: string }>;
  /** Every lifecycle call that reached "Okta". */
  lifecycleCalls(): number;
  close(): Promise<void>;
}

export async function startTeamsHarness(options: { settings?: TeamsSettings; resend?: Partial<ResendSettings>; now?: () => number; users?: SimulatorSeedUser[] } = {}): Promise<TeamsHarness> {
  const rt = await startSimulatedRuntime({
    helpdeskUsers: [HELEN.aadObjectId, HANK.aadObjectId],
    simulator: { users: options.users ?? USERS },
    ...(options.resend ? { settings: options.resend } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const connector = await startFakeBotConnector();
  connector.members.set(HELEN.id, { ...HELEN, email: `helen@${D}` });
  connector.members.set(HANK.id, { ...HANK, email: `hank@${D}` });
  const surface = createTeamsSurface({ settings: options.settings ?? UNAUTHENTICATED, service: rt.service, logger: createSilentLogger(), progressIntervalMs: 50 });
  const server: Server = createHttpApp([surface]).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    rt,
    connector,
    surface,
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
      await surface.drain();
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
