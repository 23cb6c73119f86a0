import type { Logger } from '../logging/logger.ts';
import type { WebClient } from './slack-types.ts';

/** A trigger_id is good for 3 s: the time-zone lookup before views.open must leave room for it. */
const LOOKUP_MS = 1_500;

/**
 * The person's time zone as their Slack profile says (users.info `tz`, IANA: `Europe/Berlin`), or
 * null when Slack does not say within the time left before the trigger expires.
 */
export async function slackTimeZoneOf(client: WebClient, userId: string, logger: Logger): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const lookup = client.users.info({ user: userId }).then((result) => result.user?.tz ?? null);
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LOOKUP_MS)));
    return await Promise.race([lookup, timeout]);
  } catch (error) {
    logger.warn({ err: error, userId }, 'slack users.info failed; scheduling in UTC');
    return null;
  } finally {
    clearTimeout(timer);
  }
}
