import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { TeamsSettings } from '../config.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * The Bot Framework adapter, authenticated from MICROSOFT_APP_* settings: inbound requests must
 * carry a Bot Framework JWT (a request without one is refused with 401 before any outbound call),
 * and outbound calls get a token for the app. With no app id (allowed by config only with
 * TEAMS_ALLOW_UNAUTHENTICATED=true on a loopback HOST) botbuilder disables both: no token is
 * checked, none is fetched, and replies go to the activity's serviceUrl without credentials.
 */
export function createTeamsAdapter(settings: TeamsSettings, logger: Logger): CloudAdapter {
  const configuration: Record<string, string> = {};
  if (settings.appId) {
    configuration.MicrosoftAppId = settings.appId;
    configuration.MicrosoftAppType = settings.appType;
    if (settings.appPassword) configuration.MicrosoftAppPassword = settings.appPassword;
    if (settings.tenantId) configuration.MicrosoftAppTenantId = settings.tenantId;
  } else {
    logger.warn('Teams: no MICROSOFT_APP_ID, so requests to /api/messages are NOT authenticated (local testing only)');
  }
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(configuration));
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type, activityName: context.activity.name }, 'teams turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Something went wrong on my side. Try again in a minute.').catch(() => undefined);
    }
  };
  return adapter;
}
