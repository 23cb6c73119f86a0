import { ClientClosedError, ClientOfflineError, DisconnectsClientError, ErrorReply, TimeoutError } from 'redis';
import { StoreUnavailableError } from '../core/errors.ts';

/**
 * Removes the URL's secrets from a client message before it is logged. node-redis does not put
 * the URL in its errors today, but a log line is the wrong place to find out it started to.
 */
export function redactorFor(url: string): (text: string) => string {
  const secrets: string[] = [url];
  try {
    const parsed = new URL(url);
    if (parsed.password) secrets.push(parsed.password, decodeURIComponent(parsed.password));
    if (parsed.username) secrets.push(parsed.username, decodeURIComponent(parsed.username));
  } catch {
    // Not a URL: nothing more to find in it than the whole string.
  }
  const sorted = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** An operation ran past its own deadline (see run() in redis-store.ts). */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(limitMs: number) {
    super(`no answer within ${limitMs} ms`);
  }
}

/** The client's own words for a failure, safe for a log line. */
export function describeFailure(error: unknown, redact: (text: string) => string): string {
  if (error instanceof Error) return redact(`${error.constructor.name}: ${error.message}`);
  return redact(String(error));
}

/**
 * Every failure becomes StoreUnavailableError: its message reaches the requester, so it names the
 * kind of failure only (never the client's message, which may name hosts). Redis refusing a
 * command (OOM, READONLY after a failover, NOAUTH, LOADING) is an outage too from the bot's side.
 */
export function toStoreUnavailable(error: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  // node-redis's error classes keep the name 'Error', so they are told apart by class.
  if (error instanceof ClientOfflineError || error instanceof ClientClosedError || error instanceof DisconnectsClientError) {
    return new StoreUnavailableError('Redis is not connected');
  }
  if (error instanceof TimeoutError || error instanceof DeadlineError) return new StoreUnavailableError('Redis did not answer in time');
  if (error instanceof ErrorReply) return new StoreUnavailableError('Redis refused the command');
  return new StoreUnavailableError('Redis could not be reached');
}
