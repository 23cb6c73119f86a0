// Runtime validation of seed users (from JSON files or addUser), with errors that name the field.
import { OKTA_STATUSES, TRANSITIONING_STATUSES } from './types.ts';
import type { OktaStatus, SimulatorSeedUser, TransitioningStatus } from './types.ts';

const KNOWN_KEYS = new Set([
  'id',
  'status',
  'login',
  'email',
  'firstName',
  'lastName',
  'activated',
  'hasPassword',
  'managerId',
  'manager',
  'transitioningToStatus',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${where}.${key} must be a non-empty string`);
  return value;
}

function optionalNullableString(obj: Record<string, unknown>, key: string, where: string): string | null | undefined {
  if (obj[key] === null) return null;
  return optionalString(obj, key, where);
}

/** Checks one seed user; throws `Error("<where>.<field> must be …")` on the first problem. */
export function validateSeedUser(value: unknown, where: string): SimulatorSeedUser {
  if (!isRecord(value)) throw new Error(`${where} must be an object`);
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.has(key)) throw new Error(`${where}: unknown field "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
  }
  const status = OKTA_STATUSES.find((s) => s === value['status']);
  if (status === undefined) {
    throw new Error(`${where}.status must be one of ${OKTA_STATUSES.join(', ')}, got ${JSON.stringify(value['status'])}`);
  }
  const login = optionalString(value, 'login', where);
  if (login === undefined) throw new Error(`${where}.login is required`);
  // Okta: logins with "/" can only be fetched by id, so the simulator refuses them outright.
  if (login.includes('/')) throw new Error(`${where}.login must not contain "/"`);
  const id = optionalString(value, 'id', where);
  if (id !== undefined && !/^[A-Za-z0-9]+$/.test(id)) throw new Error(`${where}.id must be alphanumeric`);
  const activated = optionalNullableString(value, 'activated', where);
  if (typeof activated === 'string' && Number.isNaN(Date.parse(activated))) {
    throw new Error(`${where}.activated must be an ISO 8601 date or null`);
  }
  const hasPassword = value['hasPassword'];
  if (hasPassword !== undefined && typeof hasPassword !== 'boolean') {
    throw new Error(`${where}.hasPassword must be true or false`);
  }
  const transitioning = value['transitioningToStatus'];
  let transitioningToStatus: TransitioningStatus | null | undefined;
  if (transitioning === null || transitioning === undefined) {
    transitioningToStatus = transitioning;
  } else {
    transitioningToStatus = TRANSITIONING_STATUSES.find((s) => s === transitioning);
    if (transitioningToStatus === undefined) {
      throw new Error(`${where}.transitioningToStatus must be one of ${TRANSITIONING_STATUSES.join(', ')} or null`);
    }
  }
  return compact({
    id,
    status: status satisfies OktaStatus,
    login,
    email: optionalString(value, 'email', where),
    firstName: optionalString(value, 'firstName', where),
    lastName: optionalString(value, 'lastName', where),
    activated,
    hasPassword,
    managerId: optionalNullableString(value, 'managerId', where),
    manager: optionalNullableString(value, 'manager', where),
    transitioningToStatus,
  });
}

type Loose<T> = { [K in keyof T]-?: T[K] | undefined };

/** Drops undefined fields (exactOptionalPropertyTypes forbids `field: undefined`). */
function compact(user: Loose<SimulatorSeedUser>): SimulatorSeedUser {
  const out: Record<string, unknown> = {};
  for (const [key, val] of Object.entries(user)) if (val !== undefined) out[key] = val;
  return out as unknown as SimulatorSeedUser;
}

/** Checks a whole seed list: an array of valid users with unique ids and logins. */
export function validateSeedList(value: unknown, source: string): SimulatorSeedUser[] {
  if (!Array.isArray(value)) throw new Error(`${source}: expected a JSON array of users, got ${typeof value}`);
  const logins = new Map<string, number>();
  const ids = new Map<string, number>();
  return value.map((item, index) => {
    const user = validateSeedUser(item, `${source}: users[${index}]`);
    const login = user.login.toLowerCase();
    const sameLogin = logins.get(login);
    if (sameLogin !== undefined) {
      throw new Error(`${source}: users[${index}].login "${user.login}" duplicates users[${sameLogin}] (case-insensitive)`);
    }
    logins.set(login, index);
    if (user.id !== undefined) {
      const sameId = ids.get(user.id);
      if (sameId !== undefined) throw new Error(`${source}: users[${index}].id "${user.id}" duplicates users[${sameId}]`);
      ids.set(user.id, index);
    }
    return user;
  });
}
