// The simulator's user directory: seed users, lookups by id or login, status changes.
import { userIdFor } from './ids.ts';
import { validateSeedUser } from './seed-validation.ts';
import { TRANSITIONING_STATUSES } from './types.ts';
import type {
  OktaStatus,
  SetStatusOptions,
  SimulatorSeedUser,
  SimulatorUserSnapshot,
  TransitioningStatus,
} from './types.ts';

/** The stored record has the same shape as the public snapshot; callers only ever get copies. */
export type StoredUser = SimulatorUserSnapshot;

function capitalize(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}

/** Okta requires firstName/lastName; when a seed omits them we derive them from `first.last@…`. */
function namesFromLogin(login: string): { firstName: string; lastName: string } {
  const local = login.split('@')[0] ?? login;
  const parts = local.split(/[._-]+/).filter((p) => p.length > 0);
  return {
    firstName: capitalize(parts[0] ?? 'Test'),
    lastName: capitalize(parts.length > 1 ? parts.slice(1).join(' ') : 'User'),
  };
}

/** Versions kept per user for the lagging search index: enough for several writes inside one lag. */
const KEPT_VERSIONS = 8;

/** One state of a user and when it was written; search sees it `searchLagMs` later. */
interface Version {
  readonly at: number;
  readonly state: StoredUser;
}

export class UserStore {
  private readonly users = new Map<string, StoredUser>();
  private readonly versions = new Map<string, Version[]>();
  private counter = 0;

  /** `searchLagMs`: Okta's search index trails writes ("results may lag writes by about a second"). */
  constructor(
    private readonly now: () => number,
    private readonly searchLagMs = 0,
  ) {}

  /** `existing`: a seed user, written long before the simulator started and so already indexed. */
  add(input: SimulatorSeedUser, existing = false): StoredUser {
    const seed = validateSeedUser(input, 'user');
    if (seed.id !== undefined && this.users.has(seed.id)) {
      throw new Error(`user: id ${seed.id} already exists`);
    }
    if (this.findByLogin(seed.login) !== undefined) {
      throw new Error(`user: login ${seed.login} already exists (logins are unique, case-insensitively)`);
    }
    const iso = new Date(this.now()).toISOString();
    const derived = namesFromLogin(seed.login);
    const hasPassword = seed.hasPassword ?? false;
    const user: StoredUser = {
      id: seed.id ?? this.nextId(),
      status: seed.status,
      login: seed.login,
      email: seed.email ?? seed.login,
      firstName: seed.firstName ?? derived.firstName,
      lastName: seed.lastName ?? derived.lastName,
      created: iso,
      // Okta: `activated` is set once the user has been ACTIVE; seeds can say otherwise.
      activated: seed.activated !== undefined ? seed.activated : seed.status === 'ACTIVE' ? iso : null,
      // Okta: statusChanged is null for a user that never changed status (STAGED at creation).
      statusChanged: seed.status === 'STAGED' ? null : iso,
      lastUpdated: iso,
      passwordChanged: hasPassword ? iso : null,
      hasPassword,
      managerId: seed.managerId ?? null,
      manager: seed.manager ?? null,
      transitioningToStatus: seed.transitioningToStatus ?? null,
    };
    this.users.set(user.id, user);
    this.written(user, existing ? Number.NEGATIVE_INFINITY : this.now());
    return user;
  }

  /** By id (exact) or by login (case-insensitive), as GET /api/v1/users/{id|login} does. */
  find(idOrLogin: string): StoredUser | undefined {
    return this.users.get(idOrLogin) ?? this.findByLogin(idOrLogin);
  }

  /** All users ordered by id (Okta's list order). */
  sorted(): StoredUser[] {
    return [...this.users.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * Users as `search` sees them: each in the last state written at least `searchLagMs` ago, and
   * not at all when created more recently. GETs and lifecycle calls always see the current state.
   */
  searchable(): StoredUser[] {
    if (this.searchLagMs <= 0) return this.sorted();
    const cutoff = this.now() - this.searchLagMs;
    return this.sorted().flatMap((user) => {
      const seen = (this.versions.get(user.id) ?? []).filter((version) => version.at <= cutoff).at(-1);
      return seen ? [seen.state] : [];
    });
  }

  /** Moves a user to a new status and stamps statusChanged/lastUpdated (and `activated` when asked). */
  transition(user: StoredUser, status: OktaStatus, options: { activated?: boolean } = {}): void {
    const iso = new Date(this.now()).toISOString();
    user.status = status;
    user.statusChanged = iso;
    user.lastUpdated = iso;
    if (options.activated) user.activated = iso;
    this.written(user, this.now());
  }

  /** Test hook: force a status (and optionally activated / transitioningToStatus). */
  setStatus(id: string, status: OktaStatus, opts: SetStatusOptions = {}): void {
    const user = this.users.get(id);
    if (user === undefined) throw new Error(`setStatus: no user with id ${id}`);
    // Validate everything before changing anything.
    const seed = validateSeedUser(
      { status, login: user.login, ...(opts.activated !== undefined ? { activated: opts.activated } : {}) },
      'setStatus',
    );
    const transitioning =
      opts.transitioningToStatus === undefined ? user.transitioningToStatus : toTransitioning(opts.transitioningToStatus);
    this.transition(user, seed.status);
    if (opts.activated !== undefined) user.activated = opts.activated;
    user.transitioningToStatus = transitioning;
    this.written(user, this.now());
  }

  private written(user: StoredUser, at: number): void {
    if (this.searchLagMs <= 0) return;
    const kept = [...(this.versions.get(user.id) ?? []), { at, state: snapshot(user) }];
    this.versions.set(user.id, kept.slice(-KEPT_VERSIONS));
  }

  private findByLogin(login: string): StoredUser | undefined {
    const wanted = login.toLowerCase();
    for (const user of this.users.values()) {
      if (user.login.toLowerCase() === wanted) return user;
    }
    return undefined;
  }

  private nextId(): string {
    let id: string;
    do {
      this.counter += 1;
      id = userIdFor(this.counter);
    } while (this.users.has(id));
    return id;
  }
}

function toTransitioning(value: string | null): TransitioningStatus | null {
  if (value === null) return null;
  const found = TRANSITIONING_STATUSES.find((s) => s === value);
  if (found === undefined) {
    throw new Error(`setStatus: transitioningToStatus must be one of ${TRANSITIONING_STATUSES.join(', ')} or null`);
  }
  return found;
}

export function snapshot(user: StoredUser): SimulatorUserSnapshot {
  return { ...user };
}
