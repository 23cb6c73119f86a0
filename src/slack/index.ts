import bolt from '@slack/bolt';
import type { Router } from 'express';
import type { SlackSettings } from '../config.ts';
import type { AuditSink } from '../core/audit.ts';
import { groupIdsIn } from '../core/authorization.ts';
import { PROGRESS_INTERVAL_MS } from '../core/run-with-progress.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import { createApprovalSweep, APPROVAL_SWEEP_MS } from './approval-sweep.ts';
import { createAuditChannelSink } from './audit-channel.ts';
import { boltLogger } from './bolt-logger.ts';
import { guardSlackEndpoint } from './request-guard.ts';
import { createBotIdentity } from './bot-identity.ts';
import { closeExpiredApprovals } from './flows/approval-expiry.ts';
import { registerButtons } from './handlers/buttons.ts';
import { registerSlashCommand } from './handlers/command.ts';
import { registerMessageShortcut } from './handlers/message-shortcut.ts';
import { registerMessages } from './handlers/messages.ts';
import { registerPasteModal } from './handlers/paste-modal.ts';
import { registerRunResume } from './flows/resume-run.ts';
import { createJobs } from './jobs.ts';
import { registerOnboarding } from './onboarding.ts';
import { createSlackChat } from './slack-chat.ts';
import type { SlackDeps } from './slack-deps.ts';
import { createRequesterLookup } from './slack-requester.ts';

const { App, ExpressReceiver, SocketModeReceiver } = bolt;
const { WebClient } = bolt.webApi;

export interface SlackSurfaceOptions {
  readonly settings: SlackSettings;
  readonly service: ResendService;
  /** Every role entry (helpdesk, approvers, admins): the user-group ids among them are checked per requester. */
  readonly roleEntries: readonly string[];
  readonly logger: Logger;
  readonly approvalChannel?: string | null;
  /** AUDIT_SLACK_CHANNEL: gets the core's one-line summaries through `auditSink`. */
  readonly auditChannel?: string | null;
  readonly progressIntervalMs?: number;
  /**
   * How often approvals past APPROVAL_TTL_HOURS are closed (message → expired, requester told);
   * default 60 s; 0 turns the sweep off (an expired approval then closes when someone clicks it).
   */
  readonly approvalSweepMs?: number;
}

export interface SlackSurface {
  /** The Bolt router for POST /slack/events (HTTP mode); null in Socket Mode. */
  readonly router: Router | null;
  /**
   * Posts the core's audit summaries to AUDIT_SLACK_CHANNEL; null without one. The service records
   * into a fan-out (createAuditFanout) created before this surface, so whoever wires them adds it.
   */
  readonly auditSink: AuditSink | null;
  /** Starts the approval expiry sweep and, in Socket Mode, connects (over HTTP the shared server listens). */
  start(): Promise<void>;
  /** Stops the sweep, disconnects Socket Mode, and waits for work in progress. */
  stop(): Promise<void>;
  /** Resolves when every background job (lookups, runs, a sweep, audit lines) has finished. */
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
  const clientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl.endsWith('/') ? settings.apiUrl : `${settings.apiUrl}/` } : {}),
    // The default retries for half an hour; someone is waiting in a chat: give up within minutes.
    retryConfig: bolt.webApi.retryPolicies.fiveRetriesInFiveMinutes,
  };
  const socketMode = Boolean(settings.appToken);
  const http = socketMode
    ? null
    : new ExpressReceiver({ signingSecret: settings.signingSecret ?? '', endpoints: '/slack/events', processBeforeResponse: false, logger: log });
  // Built here rather than by App so that SLACK_API_URL also reaches apps.connections.open.
  const receiver = http ?? new SocketModeReceiver({ appToken: settings.appToken ?? '', logger: log, installerOptions: { clientOptions } });
  const client = new WebClient(settings.botToken, { ...clientOptions, logger: log });
  const identity = createBotIdentity(client, logger);
  const app = new App({
    // Our own authorize: the token, and the bot's ids once known, without an auth.test per request
    // (and without one at start-up: starting must not depend on Slack being reachable).
    authorize: async () => ({ botToken: settings.botToken, ...identity.known() }),
    logger: log,
    clientOptions,
    receiver,
  });

  const jobs = createJobs(logger);
  const chat = createSlackChat(client, logger);
  const deps: SlackDeps = {
    service,
    chat,
    requesterOf: createRequesterLookup(client, groupIdsIn(options.roleEntries), logger),
    jobs,
    logger,
    approvalChannel: options.approvalChannel ?? null,
    progressIntervalMs: options.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
    botToken: settings.botToken,
    apiOrigin: settings.apiUrl ? new URL(settings.apiUrl).origin : null,
  };
  registerSlashCommand(app, deps);
  registerPasteModal(app, deps);
  registerMessageShortcut(app, deps);
  registerMessages(app, deps, identity.botUserId);
  registerButtons(app, deps);
  // Runs whose process died or was drained are finished by this one, in their own threads.
  registerRunResume(deps);
  // Scheduled sends, follow-ups, delivery failures, `scheduled` listings, the Workflow Builder step.
  const onboarding = registerOnboarding(app, deps, client, identity, options.roleEntries);
  app.error(async (error) => {
    logger.error({ err: error }, 'slack handler failed');
  });
  const sweep = createApprovalSweep(() => closeExpiredApprovals(deps), options.approvalSweepMs ?? APPROVAL_SWEEP_MS, logger);
  const audit = options.auditChannel ? createAuditChannelSink(chat, options.auditChannel, logger) : null;
  const drain = async () => {
    await sweep.idle();
    await jobs.drain();
    await audit?.idle();
  };

  return {
    router: http ? guardSlackEndpoint(http.router as unknown as Router, '/slack/events', settings.signingSecret ?? '', logger) : null,
    auditSink: audit,
    start: async () => {
      sweep.start();
      onboarding.start();
      if (socketMode) await app.start();
    },
    stop: async () => {
      await sweep.stop();
      if (socketMode) await app.stop();
      await drain();
    },
    drain,
  };
}
