// Maps a request to its rate-limit bucket and to the handler for its route (after auth).
import { invalidToken, noPermission, ok, routeNotFound, userNotFound, validationFailed } from './errors.ts';
import type { SimResponse } from './errors.ts';
import { isLifecycleOp } from './lifecycle-rules.ts';
import { runLifecycle } from './lifecycle.ts';
import type { LifecycleContext } from './lifecycle.ts';
import { listLogs } from './list-logs.ts';
import { listUsers } from './list-users.ts';
import { accessTokenHash } from './dpop.ts';
import type { OAuthTokens } from './oauth.ts';
import { TOKEN_ADMIN, appActor } from './system-log.ts';
import type { LogCaller } from './system-log.ts';
import { toOktaUser } from './user-json.ts';
import type { Bucket, LogActor } from './types.ts';

export interface RouteContext extends LifecycleContext {
  apiToken: string;
  oauth: OAuthTokens;
}

export interface IncomingCall {
  method: string;
  /** Raw (still percent-encoded) path. */
  pathname: string;
  params: URLSearchParams;
  authorization: string | undefined;
  /** The `DPoP` header: a proof JWT (RFC 9449). */
  dpop?: string | undefined;
  body: string;
  /** This response's X-Okta-Request-Id (the transaction id of the events the call logs). */
  requestId?: string;
}

function segments(pathname: string): string[] {
  return pathname.split('/').filter((s) => s.length > 0);
}

function isUsersPath(parts: string[]): boolean {
  return parts[0] === 'api' && parts[1] === 'v1' && parts[2] === 'users';
}

function isLogsPath(parts: string[]): boolean {
  return parts.length === 3 && parts[0] === 'api' && parts[1] === 'v1' && parts[2] === 'logs';
}

/** Buckets from the project's fact sheet; everything else shares 'other'. */
export function bucketFor(method: string, pathname: string): Bucket {
  const parts = segments(pathname);
  if (method === 'GET' && isLogsPath(parts)) return 'logs';
  if (!isUsersPath(parts)) return 'other';
  if (method === 'GET' && parts.length === 3) return 'users-list';
  if (method === 'GET' && parts.length === 4) return 'users-get';
  if (method === 'POST' && parts.length === 6 && parts[4] === 'lifecycle') return 'lifecycle';
  return 'other';
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** What the caller may do: `all` for the API token (an admin's), the granted scopes for an OAuth token, null when unauthenticated. */
type Grant = 'all' | ReadonlySet<string>;

interface Caller {
  readonly grant: Grant;
  /** Who the System Log names as the actor: the token's admin, or the OAuth app. */
  readonly actor: LogActor;
}

/** Okta's answer to an API call whose DPoP-bound token came without a valid proof. */
function dpopRefused(error: 'invalid_dpop_proof' | 'invalid_token', description: string): SimResponse {
  return { ...invalidToken(), headers: { 'WWW-Authenticate': `DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", error="${error}", error_description="${description.replace(/"/g, "'")}"` } };
}

function callerOf(call: IncomingCall, ctx: RouteContext): Caller | SimResponse {
  if (call.authorization === undefined) return invalidToken();
  const match = /^(\S+)\s+(.+)$/.exec(call.authorization.trim());
  if (match === null) return invalidToken();
  const scheme = match[1]!.toLowerCase();
  const credential = match[2]!;
  if (scheme === 'ssws') return credential === ctx.apiToken ? { grant: 'all', actor: TOKEN_ADMIN } : invalidToken();
  if (scheme !== 'bearer' && scheme !== 'dpop') return invalidToken();
  const token = ctx.oauth.tokenOf(credential);
  if (token === null) return invalidToken();
  if (token.jkt !== null) {
    // A DPoP-bound token (RFC 9449 §7): the DPoP scheme, and a proof for this very request,
    // signed by the key the token is bound to, carrying the token's hash.
    if (scheme !== 'dpop') return dpopRefused('invalid_token', 'The access token is DPoP-bound: send it with the DPoP scheme and a proof.');
    const proof = ctx.oauth.dpop.check(call.dpop, { htm: call.method, htu: `${ctx.baseUrl}${call.pathname}`, ath: accessTokenHash(credential) });
    if (!proof.ok) return dpopRefused('invalid_dpop_proof', proof.description);
    if (proof.jkt !== token.jkt) return dpopRefused('invalid_dpop_proof', 'The DPoP proof JWT key does not match the access token binding.');
  } else if (scheme !== 'bearer') {
    return invalidToken();
  }
  return { grant: token.scopes, actor: appActor(ctx.oauth.clientId ?? 'unknown') };
}

/** Okta: reading the System Log takes okta.logs.read for an OAuth token, and a report-reading admin role for anyone. */
function mayReadLogs(grant: Grant, ctx: RouteContext): boolean {
  if (ctx.systemLog.forbidden) return false;
  return grant === 'all' || grant.has('okta.logs.read');
}

/** Okta: reads need okta.users.read (or .manage, which includes it); lifecycle calls need okta.users.manage. */
function mayCall(grant: Grant, needs: 'read' | 'manage'): boolean {
  if (grant === 'all') return true;
  return grant.has('okta.users.manage') || (needs === 'read' && grant.has('okta.users.read'));
}

export function route(call: IncomingCall, ctx: RouteContext): SimResponse {
  const parts = segments(call.pathname);
  // The token endpoint authenticates the client by its assertion, not by a header.
  if (call.method === 'POST' && parts.join('/') === 'oauth2/v1/token') {
    return ctx.oauth.issue(new URLSearchParams(call.body), call.dpop, `${ctx.baseUrl}/oauth2/v1/token`);
  }
  const caller = callerOf(call, ctx);
  if ('status' in caller) return caller;
  const grant = caller.grant;

  if (call.method === 'POST' && parts.join('/') === 'api/v1/org/email/bounces/remove-list') {
    // Okta: okta.orgs.manage for an OAuth token; an API token as far as its (super) admin may.
    if (grant !== 'all' && !grant.has('okta.orgs.manage')) return noPermission();
    return removeBounces(call.body, ctx);
  }

  if (call.method === 'GET' && isLogsPath(parts)) {
    if (!mayReadLogs(grant, ctx)) return noPermission();
    return listLogs(call.params, ctx.systemLog, ctx.now(), ctx.baseUrl);
  }

  if (isUsersPath(parts)) {
    const bucket = bucketFor(call.method, call.pathname);
    if (!mayCall(grant, bucket === 'lifecycle' ? 'manage' : 'read')) return noPermission();
    if (bucket === 'users-list') return listUsers(call.params, ctx.store, ctx.baseUrl);
    const idOrLogin = parts[3] === undefined ? null : decodeSegment(parts[3]);
    if (bucket === 'users-get' && idOrLogin !== null) {
      const user = ctx.store.find(idOrLogin);
      return user === undefined ? userNotFound(idOrLogin) : ok(toOktaUser(user, ctx.baseUrl));
    }
    const op = parts[5];
    if (bucket === 'lifecycle' && idOrLogin !== null && op !== undefined && isLifecycleOp(op)) {
      const logCaller: LogCaller = { actor: caller.actor, requestId: call.requestId ?? 'unknown', requestUri: call.pathname };
      return runLifecycle(op, idOrLogin, call.params, ctx, logCaller);
    }
  }
  return routeNotFound(call.pathname);
}

/** Body `{ emailAddresses: [...] }`; answer `{ errors: [{ emailAddress, reason }] }` for those not taken off. */
function removeBounces(body: string, ctx: RouteContext): SimResponse {
  let addresses: unknown;
  try {
    addresses = (JSON.parse(body) as { emailAddresses?: unknown }).emailAddresses;
  } catch {
    addresses = undefined;
  }
  if (!Array.isArray(addresses) || addresses.some((a) => typeof a !== 'string') || addresses.length === 0 || addresses.length > 250) {
    return validationFailed('emailAddresses', 'emailAddresses: a list of 1 to 250 email addresses is required.');
  }
  const notListed = ctx.systemLog.removeFromBounceList(addresses as string[]);
  return ok({ errors: notListed.map((emailAddress) => ({ emailAddress, reason: 'This email address is not in the bounce list.' })) });
}
