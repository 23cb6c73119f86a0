import bolt from '@slack/bolt';
import type { Router } from 'express';
import type { SlackSettings } from '../config.ts';
import { groupIdsIn } from '../core/authorization.ts';
import { PROGRESS_INTERVAL_MS } from '../core/run-with-progress.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerButtons } from './handlers/buttons.ts';
import { registerSlashCommand } from './handlers/command.ts';
import { registerMessageShortcut } from './handlers/message-shortcut.ts';
import { registerMessages } from './handlers/messages.ts';
import { registerPasteModal } from './handlers/paste-modal.ts';
import { createJobs } from './jobs.ts';
import { createSlackChat } from './slack-chat.ts';
import type { SlackDeps } from './slack-deps.ts';
import { createRequesterLookup } from './slack-requester.ts';

const { App, ExpressReceiver, SocketModeReceiver } = bolt;

export interface SlackSurfaceOptions {
  readonly settings: SlackSettings;
  readonly service: ResendService;
  /** Every role entry (helpdesk, approvers, admins): the user-group ids among them are checked per requester. */
  readonly roleEntries: readonly string[];
  readonly logger: Logger;
  readonly approvalChannel?: string | null;
  readonly auditChannel?: string | null;
  readonly progressIntervalMs?: number;
}

export interface SlackSurface {
  /** The Bolt router for POST /slack/events (HTTP mode); null in Socket Mode. */
  readonly router: Router | null;
  /** Connects Socket Mode; nothing to do over HTTP (the shared server listens). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every background job (lookups, runs) has finished. */
  drain(): Promise<void>;
}

/**
 * Slack on Bolt. Over HTTP, Bolt's ExpressReceiver verifies each request's signature (and
 * refuses stale timestamps) and acks as soon as a handler calls ack(): processBeforeResponse is
 * off so that Slack gets its answer within 3 s while the work continues. With SLACK_APP_TOKEN the
 * same handlers run over Socket Mode instead.
 */
export function createSlackSurface(options: SlackSurfaceOptions): SlackSurface {
  const { settings, service, logger } = options;
  const log = boltLogger(logger);
  const clientOptions = settings.apiUrl ? { slackApiUrl: settings.apiUrl.endsWith('/') ? settings.apiUrl : `${settings.apiUrl}/` } : {};
  const socketMode = Boolean(settings.appToken);
  const http = socketMode
    ? null
    : new ExpressReceiver({ signingSecret: settings.signingSecret ?? '', endpoints: '/slack/events', processBeforeResponse: false, logger: log });
  // Built here rather than by App so that SLACK_API_URL also reaches apps.connections.open.
  const receiver = http ?? new SocketModeReceiver({ appToken: settings.appToken ?? '', logger: log, installerOptions: { clientOptions } });
  const app = new App({
    token: settings.botToken,
    logger: log,
    clientOptions,
    // No auth.test at construction: a start-up must not depend on Slack being reachable.
    tokenVerificationEnabled: false,
    receiver,
  });

  const jobs = createJobs(logger);
  let botUser: Promise<string | null> | null = null;
  const botUserId = () => {
    botUser ??= app.client.auth.test().then((result) => result.user_id ?? null, (error: unknown) => {
      logger.warn({ err: error }, 'slack auth.test failed; channel files with a mention are ignored until it works');
      botUser = null;
      return null;
    });
    return botUser;
  };
  const deps: SlackDeps = {
    service,
    chat: createSlackChat(app.client, logger),
    requesterOf: createRequesterLookup(app.client, groupIdsIn(options.roleEntries), logger),
    jobs,
    logger,
    approvalChannel: options.approvalChannel ?? null,
    auditChannel: options.auditChannel ?? null,
    progressIntervalMs: options.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
    botToken: settings.botToken,
    apiOrigin: settings.apiUrl ? new URL(settings.apiUrl).origin : null,
  };
  registerSlashCommand(app, deps);
  registerPasteModal(app, deps);
  registerMessageShortcut(app, deps);
  registerMessages(app, deps, botUserId);
  registerButtons(app, deps);
  app.error(async (error) => {
    logger.error({ err: error }, 'slack handler failed');
  });

  return {
    router: http ? (http.router as unknown as Router) : null,
    start: async () => {
      if (socketMode) await app.start();
    },
    stop: async () => {
      if (socketMode) await app.stop();
      await jobs.drain();
    },
    drain: () => jobs.drain(),
  };
}
