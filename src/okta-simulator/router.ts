// Maps a request to its rate-limit bucket and to the handler for its route (after auth).
import { invalidToken, noPermission, ok, routeNotFound, userNotFound } from './errors.ts';
import type { SimResponse } from './errors.ts';
import { isLifecycleOp } from './lifecycle-rules.ts';
import { runLifecycle } from './lifecycle.ts';
import type { LifecycleContext } from './lifecycle.ts';
import { listUsers } from './list-users.ts';
import type { OAuthTokens } from './oauth.ts';
import { toOktaUser } from './user-json.ts';
import type { Bucket } from './types.ts';

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
  body: string;
}

function segments(pathname: string): string[] {
  return pathname.split('/').filter((s) => s.length > 0);
}

function isUsersPath(parts: string[]): boolean {
  return parts[0] === 'api' && parts[1] === 'v1' && parts[2] === 'users';
}

/** Buckets from the project's fact sheet; everything else shares 'other'. */
export function bucketFor(method: string, pathname: string): Bucket {
  const parts = segments(pathname);
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

function grantOf(authorization: string | undefined, ctx: RouteContext): Grant | null {
  if (authorization === undefined) return null;
  const match = /^(\S+)\s+(.+)$/.exec(authorization.trim());
  if (match === null) return null;
  const scheme = match[1]!.toLowerCase();
  const credential = match[2]!;
  if (scheme === 'ssws') return credential === ctx.apiToken ? 'all' : null;
  if (scheme === 'bearer') return ctx.oauth.scopesOf(credential);
  return null;
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
    return ctx.oauth.issue(new URLSearchParams(call.body));
  }
  const grant = grantOf(call.authorization, ctx);
  if (grant === null) return invalidToken();

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
      return runLifecycle(op, idOrLogin, call.params, ctx);
    }
  }
  return routeNotFound(call.pathname);
}
