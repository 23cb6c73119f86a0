import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logging/logger.ts';

const SLACK_TOKEN = /\bx(?:ox[abeprs]|app)-[A-Za-z0-9-]+/g;

/**
 * Bolt and its Web API client log through our pino logger, so their lines get the same redaction
 * (tokens, links) and format. Bolt's own level switch is ignored: LOG_LEVEL decides.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const join = (parts: unknown[]) =>
    parts
      .map((part) => (typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part)))
      .join(' ')
      // Bolt's debug lines are free text: a token in them would pass pino's path-based redaction.
      .replace(SLACK_TOKEN, '[redacted]');
  return {
    debug: (...parts: unknown[]) => child.debug(join(parts)),
    info: (...parts: unknown[]) => child.info(join(parts)),
    warn: (...parts: unknown[]) => child.warn(join(parts)),
    error: (...parts: unknown[]) => child.error(join(parts)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
