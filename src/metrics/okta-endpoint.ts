/**
 * An Okta request as a label: method and path, with every value in the path (a user id, a login)
 * replaced by `{id}` and the query left out, as Okta's own docs name endpoints:
 * `POST /api/v1/users/{id}/lifecycle/reactivate`. Never an id, so never a user.
 */
export function oktaEndpointOf(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return `${method.toUpperCase()} other`;
  }
  const segments = path.split('/').filter(Boolean);
  const templated = segments.map((segment, index) => (isValueSegment(segment, segments[index - 1]) ? '{id}' : segment));
  return `${method.toUpperCase()} /${templated.join('/')}`;
}

/** Collections whose next segment names one member (Okta: `/users/{idOrLogin}`, `/groups/{groupId}`…). */
const COLLECTIONS = new Set(['users', 'groups', 'apps', 'factors', 'authorizationServers', 'idps', 'policies', 'rules', 'roles']);

/** Okta's fixed path words: lower-case letters, digits after the first (`v1`, `oauth2`), `-` and `_`. */
const PATH_WORD = /^[a-z][a-z0-9_-]{0,31}$/;

function isValueSegment(segment: string, previous: string | undefined): boolean {
  // A login after /users/ may look like a word (`alice`): the position decides, not the shape.
  if (previous !== undefined && COLLECTIONS.has(previous)) return true;
  // Okta ids start with digits (`00u…`); logins and emails carry `.` or `@`.
  return !PATH_WORD.test(segment);
}
