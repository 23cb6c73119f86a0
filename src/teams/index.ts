import express from 'express';
import type { TeamsSettings } from '../config.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { MountedSurface } from '../server/create-http-app.ts';
import { approvalConversationIdOf, createApprovalDesk } from './approval-desk.ts';
import { createBackground } from './background.ts';
import { createTeamsAdapter } from './create-adapter.ts';
import { createProactive } from './proactive.ts';
import { ResendActivationBot } from './resend-bot.ts';

export interface TeamsSurfaceOptions {
  readonly settings: TeamsSettings;
  readonly service: ResendService;
  readonly logger: Logger;
  /** Progress edits at most this often; default 2 s (the core's PROGRESS_INTERVAL_MS). */
  readonly progressIntervalMs?: number;
  /**
   * APPROVAL_TEAMS_CHANNEL: the Teams conversation where approval cards are posted (a channel's
   * conversation id, `19:…@thread.tacv2`; its "Get link to channel" URL works too). Unset: users
   * that need an approver are not sent, and the requester is told so.
   */
  readonly approvalConversationId?: string | null | undefined;
}

export interface TeamsSurface extends MountedSurface {
  /** Waits for background jobs (plans being prepared, runs in progress) before shutdown. */
  drain(): Promise<void>;
}

/** Microsoft Teams: `POST /api/messages` (Bot Framework activities) on the shared HTTP server. */
export function createTeamsSurface(options: TeamsSurfaceOptions): TeamsSurface {
  const { settings, service, logger } = options;
  const adapter = createTeamsAdapter(settings, logger);
  const appId = settings.appId ?? '';
  const background = createBackground(adapter, appId, logger);
  const approvals = createApprovalDesk({ proactive: createProactive(adapter, appId), conversationId: approvalConversationIdOf(options.approvalConversationId), logger });
  const bot = new ResendActivationBot({ service, logger, background, approvals, progressIntervalMs: options.progressIntervalMs });
  const router = express.Router();
  // Teams messages carry HTML and entities; 1 MB is far above any real activity and still bounded.
  router.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
    // botbuilder throws (a 500) on a body without an activity type; that is the caller's mistake.
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || typeof (body as { type?: unknown }).type !== 'string') {
      res.status(400).json({ error: 'expected a Bot Framework activity' });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return { name: 'teams', router, drain: () => background.drain() };
}
