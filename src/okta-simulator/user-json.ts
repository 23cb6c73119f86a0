// Renders a stored user in the JSON shape Okta's Users API returns.
import { DEFAULT_USER_TYPE_ID } from './ids.ts';
import { LIFECYCLE_RULES, opsAllowedIn } from './lifecycle-rules.ts';
import type { StoredUser } from './user-store.ts';

interface Link {
  href: string;
  method?: string;
}

function userLinks(user: StoredUser, baseUrl: string): Record<string, Link> {
  const self = `${baseUrl}/api/v1/users/${user.id}`;
  const links: Record<string, Link> = { self: { href: self } };
  // Okta lists only the operations valid now; none while a transition is still running.
  if (user.transitioningToStatus !== null) return links;
  for (const op of opsAllowedIn(user.status)) {
    links[LIFECYCLE_RULES[op].link] = { href: `${self}/lifecycle/${op}`, method: 'POST' };
  }
  links['type'] = { href: `${baseUrl}/api/v1/meta/types/user/${DEFAULT_USER_TYPE_ID}` };
  return links;
}

export function toOktaUser(user: StoredUser, baseUrl: string): Record<string, unknown> {
  const profile: Record<string, unknown> = {
    firstName: user.firstName,
    lastName: user.lastName,
    mobilePhone: null,
    secondEmail: null,
    login: user.login,
    email: user.email,
  };
  // Okta omits unset optional profile attributes such as managerId/manager.
  if (user.managerId !== null) profile['managerId'] = user.managerId;
  if (user.manager !== null) profile['manager'] = user.manager;

  const credentials: Record<string, unknown> = {};
  // Okta: `password: {}` is present only when the user has a password (the value is never shown).
  if (user.hasPassword) credentials['password'] = {};
  credentials['emails'] = [{ value: user.email, status: 'VERIFIED', type: 'PRIMARY' }];
  credentials['provider'] = { type: 'OKTA', name: 'OKTA' };

  const json: Record<string, unknown> = { id: user.id, status: user.status };
  // Okta: transitioningToStatus appears only while an asynchronous transition is running.
  if (user.transitioningToStatus !== null) json['transitioningToStatus'] = user.transitioningToStatus;
  Object.assign(json, {
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: null,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: DEFAULT_USER_TYPE_ID },
    profile,
    credentials,
    _links: userLinks(user, baseUrl),
  });
  return json;
}
