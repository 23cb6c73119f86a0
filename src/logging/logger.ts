import { destination, pino, type DestinationStream, type Logger } from 'pino';
import { currentCorrelation } from '../core/correlation.ts';

export type { Logger };

/**
 * Structured logs (JSON lines) on stderr so stdout stays free for the CLI's --json output.
 * Paths that could hold a secret are redacted as a second line of defence: code must not log
 * tokens, activation links or signing secrets in the first place.
 */
export function createLogger(level: string, name = 'resend-activation', stream: DestinationStream = destination(2)): Logger {
  return pino(
    {
      name,
      level,
      serializers: { err: safeError, error: safeError },
      // Every line written while serving a request names it (the same id as its audit lines).
      mixin: () => {
        const correlationId = currentCorrelation();
        return correlationId === undefined ? {} : { correlationId };
      },
      redact: {
        paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'activationUrl', '*.activationUrl', 'activationToken', '*.activationToken', 'resetPasswordUrl', '*.resetPasswordUrl', 'password', '*.password', 'secret', '*.secret'],
        censor: '[redacted]',
      },
    },
    stream,
  );
}

/** A logger that drops everything: tests and the demo's console keep their output readable. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * Errors are logged by what they say, never by what they carry: HTTP client errors (Slack's
 * WebClient, axios, the Okta SDK) keep the original request, whose headers hold the bearer token.
 */
export function safeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { code, statusCode, status, data, errorCode } = error as Error & Record<string, unknown>;
  const slackError = typeof data === 'object' && data !== null ? (data as { error?: unknown }).error : undefined;
  return {
    type: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(status === undefined ? {} : { status }),
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(slackError === undefined ? {} : { slackError }),
    stack: error.stack,
  };
}
