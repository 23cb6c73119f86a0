import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import type { Request, Response } from 'express';
import type { TeamsSettings } from '../config.ts';
import type { Logger } from '../logging/logger.ts';
import { untrustableTokenReason } from './bearer-token.ts';

/** How long verifying one token may take, OpenID metadata and key fetches included. */
export const TOKEN_CHECK_TIMEOUT_MS = 10_000;

/**
 * The Bot Framework adapter, authenticated from MICROSOFT_APP_* settings: inbound requests must
 * carry a Bot Framework JWT, and outbound calls get a token for the app. With no app id (allowed by
 * config only with TEAMS_ALLOW_UNAUTHENTICATED=true on a loopback HOST) botbuilder disables both:
 * no token is checked, none is fetched, and replies go to the activity's serviceUrl without
 * credentials.
 *
 * `admit` runs before `process`: botbuilder answers 401 only for its own AuthenticationError, and
 * 500 (with the error's message) for everything else that goes wrong while it verifies a token,
 * such as a forged RS256 token whose keys it then fails to fetch. Here every failure to verify is
 * a 401, tokens that could never verify are refused before any fetch (bearer-token.ts), and the
 * check has a time limit. botbuilder then verifies the token again in `process`, from its cached keys.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(
    private readonly appId: string | null,
    private readonly logger: Logger,
    auth: ConfigurationBotFrameworkAuthentication,
  ) {
    super(auth);
  }

  /** True when the request may be processed; otherwise it has been answered with 401. */
  async admit(req: Request, res: Response): Promise<boolean> {
    if (!this.appId) return true;
    const authorization = req.headers.authorization;
    const untrustable = untrustableTokenReason(authorization, Math.floor(Date.now() / 1000));
    if (untrustable) return this.refuse(res, untrustable, null);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.botFrameworkAuthentication.authenticateRequest(req.body as Activity, authorization ?? ''),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`token not verified within ${TOKEN_CHECK_TIMEOUT_MS} ms`)), TOKEN_CHECK_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch (error) {
      return this.refuse(res, 'token did not verify', error);
    } finally {
      clearTimeout(timer);
    }
  }

  private refuse(res: Response, why: string, error: unknown): false {
    // botbuilder's AuthenticationError carries 401; anything else (keys unreachable) may be ours to fix.
    const status = (error as { statusCode?: unknown } | null)?.statusCode;
    if (error && status !== 401) this.logger.error({ err: error }, 'teams: a token could not be verified (OpenID metadata or keys unreachable?); refused');
    else this.logger.warn({ why, err: error ?? undefined }, 'teams: request refused: not authenticated');
    res.status(401).json({ error: 'unauthorized' });
    return false;
  }
}

export function createTeamsAdapter(settings: TeamsSettings, logger: Logger): TeamsAdapter {
  const configuration: Record<string, string> = {};
  if (settings.appId) {
    configuration.MicrosoftAppId = settings.appId;
    configuration.MicrosoftAppType = settings.appType;
    if (settings.appPassword) configuration.MicrosoftAppPassword = settings.appPassword;
    if (settings.tenantId) configuration.MicrosoftAppTenantId = settings.tenantId;
  } else {
    logger.warn('Teams: no MICROSOFT_APP_ID, so requests to /api/messages are NOT authenticated (local testing only)');
  }
  const adapter = new TeamsAdapter(settings.appId, logger, new ConfigurationBotFrameworkAuthentication(configuration));
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type, activityName: context.activity.name }, 'teams turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Something went wrong on my side. Try again in a minute.').catch(() => undefined);
    }
  };
  return adapter;
}
