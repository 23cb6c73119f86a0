import { Client as ConnectorClient, PUBLIC } from '@microsoft/teams.api';
import { App, type HttpRouteHandler, type IHttpServerAdapter } from '@microsoft/teams.apps';
// The SDK's own validator of Bot Framework tokens (the one its HTTP server runs), used here with a
// time limit; the package exports no entry point for it, so it is imported from its file.
import { ServiceTokenValidator } from '@microsoft/teams.apps/dist/middleware/auth/service-token-validator.js';
import type { Request, Response } from 'express';
import type { TeamsSettings } from '../config.ts';
import type { Logger } from '../logging/logger.ts';
import { untrustableTokenReason } from './bearer-token.ts';
import type { InvokeResult } from './resend-bot.ts';
import { sdkLogger } from './sdk-logger.ts';
import type { Connectors, TeamsActivity, TeamsTurn } from './teams-turn.ts';

/** How long verifying one token may take, OpenID metadata and key fetches included. */
export const TOKEN_CHECK_TIMEOUT_MS = 10_000;
/** Each Bot Connector call (post, edit, roster, new chat): Teams answers in well under a second. */
export const CONNECTOR_TIMEOUT_MS = 30_000;

/** The Teams endpoint as the shared server mounts it. */
export interface TeamsEndpoint {
  /** True when the request may be processed; otherwise it has been answered with 401. */
  admit(req: Request, res: Response): Promise<boolean>;
  /** The Teams SDK's handling of `POST /api/messages`: token check, then `onActivity`, then the answer. */
  process(req: Request, res: Response): Promise<void>;
  /** The Bot Connector client for a service URL, authenticated as the bot (or not at all without an app id). */
  readonly connectors: Connectors;
}

/**
 * The Teams SDK's HTTP server hands its route to an adapter; this one keeps the route instead of
 * starting a server of its own, so that `/api/messages` stays on our one express app beside Slack
 * and /healthz (behind our own checks).
 */
class MountedRoute implements IHttpServerAdapter {
  handler: HttpRouteHandler | null = null;
  registerRoute(_method: 'POST', _path: string, handler: HttpRouteHandler): void {
    this.handler = handler;
  }
}

/**
 * The Teams SDK app, from MICROSOFT_APP_* settings: inbound requests must carry a Bot Framework
 * JWT (issuer api.botframework.com, audience the app id, service URL claim = the activity's), and
 * outbound calls get a token for the app: client credentials against the tenant (SingleTenant),
 * against botframework.com (MultiTenant), or the user-assigned managed identity (UserAssignedMSI).
 * With no app id (allowed by config only with TEAMS_ALLOW_UNAUTHENTICATED=true on a loopback HOST)
 * no token is checked, none is fetched, and replies go to the activity's serviceUrl without one.
 *
 * Every option is passed explicitly: left unset, the SDK would read CLIENT_ID, CLIENT_SECRET,
 * TENANT_ID, SERVICE_URL, CLOUD and DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS from the environment.
 */
export function createTeamsEndpoint(settings: TeamsSettings, logger: Logger, onActivity: (turn: TeamsTurn) => Promise<InvokeResult | undefined>): TeamsEndpoint {
  const appId = settings.appId ?? '';
  if (!appId) logger.warn('Teams: no MICROSOFT_APP_ID, so requests to /api/messages are NOT authenticated (local testing only)');
  // A multi-tenant registration gets its tokens from botframework.com ('' = the SDK's default).
  const tokenTenant = settings.appType === 'MultiTenant' ? '' : (settings.tenantId ?? '');
  const route = new MountedRoute();
  const app = new App({
    clientId: appId,
    clientSecret: settings.appType === 'UserAssignedMSI' ? '' : (settings.appPassword ?? ''),
    tenantId: tokenTenant,
    // Only used without a secret: the managed identity is the app itself (MICROSOFT_APP_ID).
    managedIdentityClientId: appId,
    cloud: PUBLIC,
    serviceUrl: 'https://smba.trafficmanager.net/teams',
    dangerouslyAllowUnauthenticatedRequests: !appId,
    httpServerAdapter: route,
    messagingEndpoint: '/api/messages',
    logger: sdkLogger(logger, 'teams-sdk'),
  });
  // One handler for every activity (it dispatches by type itself, after the tenant check); what it
  // returns is the invoke response.
  app.use(async (ctx) => onActivity({ activity: ctx.activity as unknown as TeamsActivity, connector: connectors(ctx.activity.serviceUrl ?? '') }));
  const ready = app.initialize();

  // Authenticated: the SDK's client whose token is the bot's (fetched and cached by its TokenManager).
  // Unauthenticated: its plain client, which sends no Authorization header at all.
  const http = (appId ? app.api.http : app.client).clone({ timeout: CONNECTOR_TIMEOUT_MS });
  const connectors: Connectors = (serviceUrl) => new ConnectorClient(serviceUrl.replace(/\/+$/, ''), http, undefined, PUBLIC);

  const validator = appId ? new ServiceTokenValidator(appId, settings.tenantId ?? undefined, undefined, sdkLogger(logger, 'teams-sdk-token'), PUBLIC) : null;
  const refuse = (res: Response, why: string, error: unknown): false => {
    if (error) logger.warn({ why, err: error }, 'teams: request refused: token did not verify (or OpenID metadata and keys unreachable)');
    else logger.warn({ why }, 'teams: request refused: not authenticated');
    res.status(401).json({ error: 'unauthorized' });
    return false;
  };

  return {
    connectors,
    /**
     * Runs before the SDK: tokens that could never verify are refused before any key fetch
     * (bearer-token.ts), and the SDK's validator gets a time limit, so every failure to verify is
     * a quick 401. The SDK verifies the token again in `process`, as it does every request.
     */
    async admit(req, res) {
      if (!validator) return true;
      const authorization = req.headers.authorization;
      const untrustable = untrustableTokenReason(authorization, Math.floor(Date.now() / 1000));
      if (untrustable) return refuse(res, untrustable, null);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          validator.check(authorization ?? '', req.body as { serviceUrl?: string }),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`token not verified within ${TOKEN_CHECK_TIMEOUT_MS} ms`)), TOKEN_CHECK_TIMEOUT_MS);
          }),
        ]);
        return true;
      } catch (error) {
        return refuse(res, 'token did not verify', error);
      } finally {
        clearTimeout(timer);
      }
    },
    async process(req, res) {
      await ready;
      if (!route.handler) throw new Error('teams: the SDK registered no /api/messages route');
      const answer = await route.handler({ body: req.body as unknown, headers: req.headers as Record<string, string | string[]> });
      if (answer.body === undefined) res.status(answer.status).end();
      else res.status(answer.status).json(answer.body);
    },
  };
}
