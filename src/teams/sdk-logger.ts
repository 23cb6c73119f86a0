import type { ILogger, LogLevel } from '@microsoft/teams.common';
import type { Logger } from '../logging/logger.ts';

/**
 * The Teams SDK logs through its own interface (to the console by default); this sends its lines
 * to our logger (redaction included), at debug level unless they are warnings or errors.
 */
export function sdkLogger(logger: Logger, name: string): ILogger {
  const write = (level: LogLevel, parts: unknown[]): void => {
    const [first, ...rest] = parts;
    const err = parts.find((part) => part instanceof Error);
    const message = typeof first === 'string' ? first : 'teams sdk';
    const fields = { sdk: name, ...(err ? { err } : rest.length > 0 ? { detail: rest.filter((part) => !(part instanceof Error)).map(String) } : {}) };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warn') logger.warn(fields, message);
    else logger.debug(fields, message);
  };
  return {
    error: (...parts: unknown[]) => write('error', parts),
    warn: (...parts: unknown[]) => write('warn', parts),
    info: (...parts: unknown[]) => write('info', parts),
    debug: (...parts: unknown[]) => write('debug', parts),
    trace: (...parts: unknown[]) => write('trace', parts),
    log: (level: LogLevel, ...parts: unknown[]) => write(level, parts),
    child: (child: string) => sdkLogger(logger, `${name}/${child}`),
  };
}
