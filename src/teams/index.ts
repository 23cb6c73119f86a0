import express from 'express';
import type { TeamsSettings } from '../config.ts';
import type { ResendService } from '../core/resend-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { MountedSurface } from '../server/create-http-app.ts';
import { approvalConversationIdOf, createApprovalDesk } from './approval-desk.ts';
import { APPROVAL_SWEEP_MS, startApprovalSweep } from './approval-sweep.ts';
import { createBackground } from './background.ts';
import { createTeamsEndpoint } from './create-app.ts';
import { isLoopbackHost } from '../net/loopback.ts';
import { registerOnboardingReports } from './onboarding-reports.ts';
import { createProactive } from './proactive.ts';
import { ResendActivationBot } from './resend-bot.ts';
import { registerRunResume } from './resume-run.ts';

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
  /**
   * How often approvals past APPROVAL_TTL_HOURS are closed (card → expired, requester told);
   * default 60 s; 0 turns the sweep off. The timer starts with the surface and is unref'd.
   */
  readonly approvalSweepMs?: number | undefined;
}

export interface TeamsSurface extends MountedSurface {
  /**
   * Waits for background jobs (plans being prepared, runs in progress) and a sweep in progress.
   * The surface keeps working afterwards (tests call it between steps).
   */
  drain(): Promise<void>;
  /** Shutdown: no further approval expiry sweeps, then waits like drain(). */
  stop(): Promise<void>;
}

/** Microsoft Teams: `POST /api/messages` (Bot Framework activities, through the Teams SDK) on the shared HTTP server. */
export function createTeamsSurface(options: TeamsSurfaceOptions): TeamsSurface {
  const { settings, service, logger } = options;
  const appId = settings.appId ?? '';
  // The bot is created below and answers what the endpoint hands it (a holder breaks the cycle).
  const handler: { bot: ResendActivationBot | null } = { bot: null };
  const endpoint = createTeamsEndpoint(settings, logger, async (turn) => handler.bot?.run(turn));
  const background = createBackground(endpoint.connectors, logger);
  const proactive = createProactive(endpoint.connectors);
  const desk = createApprovalDesk({ proactive, conversationId: approvalConversationIdOf(options.approvalConversationId), logger });
  // Runs whose process died or was drained are finished by this one, in their own conversations.
  registerRunResume(service, proactive, logger, options.progressIntervalMs);
  // Scheduled sends, follow-ups and delivery checks of Teams requests report where they were asked for.
  registerOnboardingReports({ service, proactive, approvals: desk, logger, progressIntervalMs: options.progressIntervalMs });
  const sweep = startApprovalSweep({ service, desk, logger, intervalMs: options.approvalSweepMs ?? APPROVAL_SWEEP_MS });
  handler.bot = new ResendActivationBot({ service, logger, background, approvals: desk, appId, tenantId: settings.tenantId, progressIntervalMs: options.progressIntervalMs });
  const router = express.Router();
  // Teams messages carry HTML and entities; 1 MB is far above any real activity and still bounded.
  router.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
    // A body without an activity type is the caller's mistake: 400, before the SDK sees it.
    // Unauthenticated (local testing), only loopback names are answered: a web page that rebinds its
    // own DNS name to 127.0.0.1 could otherwise POST activities here from a browser on this machine.
    if (!settings.appId && !isLoopbackHost(hostnameOf(req.headers.host))) {
      res.status(403).json({ error: 'unauthenticated Teams mode answers loopback hosts only' });
      return;
    }
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || typeof (body as { type?: unknown }).type !== 'string') {
      res.status(400).json({ error: 'expected a Bot Framework activity' });
      return;
    }
    // Every token that does not verify is a 401 here, quickly; the SDK then checks it again.
    if (!(await endpoint.admit(req, res))) return;
    await endpoint.process(req, res);
  });
  const drain = async () => {
    await sweep.idle();
    await background.drain();
  };
  return {
    name: 'teams',
    router,
    drain,
    async stop() {
      await sweep.stop();
      await drain();
    },
  };
}

/** The name in a Host header, without the port: `127.0.0.1:3000` → 127.0.0.1, `[::1]:3000` → [::1]. */
function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return '';
  }
}
