import { destination, pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs (JSON lines) on stderr so stdout stays free for the CLI's --json output.
 * Paths that could hold a secret are redacted as a second line of defence: code must not log
 * tokens, activation links or signing secrets in the first place.
 */
export function createLogger(level: string, name = 'resend-activation'): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'activationUrl', '*.activationUrl', 'activationToken', '*.activationToken', 'resetPasswordUrl', '*.resetPasswordUrl', 'password', '*.password', 'secret', '*.secret'],
        censor: '[redacted]',
      },
    },
    destination(2),
  );
}

/** A logger that drops everything: tests and the demo's console keep their output readable. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
