// Okta's System Log as the simulator keeps it: a LogEvent for each lifecycle call that succeeded
// and a `system.email.delivery` event for each email sent, in the order they happened.
import { randomUUID } from 'node:crypto';
import { newRequestId } from './ids.ts';
import type { LifecycleOp } from './lifecycle-rules.ts';
import type { StoredUser } from './user-store.ts';
import type { DeliveryFailure, EmailKind, LogActor, LogTarget, SimLogEvent } from './types.ts';

/**
 * Okta's event types (Event Types catalog): activate, reactivate, suspend, unsuspend and
 * deactivate are `user.lifecycle.*`; reset_password, expire_password and unlock are
 * `user.account.*` (an admin's reset is `user.account.reset_password`).
 */
export const LIFECYCLE_EVENT_TYPES: Record<LifecycleOp, string> = {
  activate: 'user.lifecycle.activate',
  reactivate: 'user.lifecycle.reactivate',
  suspend: 'user.lifecycle.suspend',
  unsuspend: 'user.lifecycle.unsuspend',
  deactivate: 'user.lifecycle.deactivate',
  reset_password: 'user.account.reset_password',
  expire_password: 'user.account.expire_password',
  unlock: 'user.account.unlock',
};

const DISPLAY_MESSAGES: Record<LifecycleOp, string> = {
  activate: 'Activate Okta user',
  reactivate: 'Reactivate Okta user',
  suspend: 'Suspend Okta user',
  unsuspend: 'Unsuspend Okta user',
  deactivate: 'Deactivate Okta user',
  reset_password: 'Reset password for Okta user',
  expire_password: 'Expire password for Okta user',
  unlock: 'Unlock Okta user',
};

/** The admin who owns the simulator's API token. */
export const TOKEN_ADMIN: LogActor = { id: '00usimadmin000000001', type: 'User', alternateId: 'admin@simulator.example', displayName: 'Simulator Admin' };

/** Okta's own principal, the actor of events it raises by itself (email delivery). */
const OKTA_SYSTEM: LogActor = { id: '0oasimsystem00000001', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' };

/** An OAuth service app acting with an access token. */
export function appActor(clientId: string): LogActor {
  return { id: clientId, type: 'PublicClientApp', alternateId: clientId, displayName: clientId };
}

const FAILURE_TEXT: Record<DeliveryFailure['kind'], { label: string; provider: string }> = {
  bounce: { label: 'Bounce', provider: '550 5.1.1 The email account that you tried to reach does not exist' },
  dropped: { label: 'Dropped', provider: 'Bounced Address' },
  blocked: { label: 'Blocked', provider: '554 5.7.1 Message rejected due to local policy' },
  deferred: { label: 'Deferred', provider: '421 4.7.0 Try again later' },
};

/** Who made the call, and its X-Okta-Request-Id (Okta's transaction id for the event). */
export interface LogCaller {
  readonly actor: LogActor;
  readonly requestId: string;
  readonly requestUri: string;
}

interface Stored {
  readonly at: number;
  readonly event: SimLogEvent;
}

function targetOf(user: StoredUser): LogTarget {
  return { id: user.id, type: 'User', alternateId: user.login, displayName: `${user.firstName} ${user.lastName}` };
}

export class SystemLog {
  /** Public, live: appended as events happen, never reordered. */
  readonly events: SimLogEvent[] = [];
  private readonly stored: Stored[] = [];
  private readonly failures = new Map<string, DeliveryFailure>();

  constructor(
    private readonly now: () => number,
    readonly lagMs: number,
    public forbidden: boolean,
  ) {
    if (!(lagMs >= 0)) throw new Error(`logLagMs must be >= 0, got ${String(lagMs)}`);
  }

  recordLifecycle(op: LifecycleOp, user: StoredUser, caller: LogCaller): void {
    this.append({
      eventType: LIFECYCLE_EVENT_TYPES[op],
      displayMessage: DISPLAY_MESSAGES[op],
      severity: 'INFO',
      actor: caller.actor,
      outcome: { result: 'SUCCESS', reason: null },
      target: [targetOf(user)],
      debugContext: { debugData: { requestId: caller.requestId, requestUri: caller.requestUri } },
      transaction: { type: 'WEB', id: caller.requestId },
    });
  }

  /** The provider's answer for one email to the user's primary address. */
  recordDelivery(user: StoredUser, kind: EmailKind): void {
    const failure = this.failures.get(user.email.toLowerCase());
    const text = failure ? FAILURE_TEXT[failure.kind] : null;
    this.append({
      eventType: 'system.email.delivery',
      displayMessage: text ? `Email delivery FAILURE: ${text.label}` : 'Email delivery SUCCESS',
      severity: failure ? 'WARN' : 'INFO',
      actor: OKTA_SYSTEM,
      outcome: failure ? { result: 'FAILURE', reason: failure.kind.toUpperCase() } : { result: 'SUCCESS', reason: null },
      // Okta does not document which target field carries the recipient; the simulator gives the
      // user (id, login as alternateId) and the address in debugData.
      target: [targetOf(user)],
      debugContext: {
        debugData: {
          ProviderMessage: failure ? (failure.providerMessage ?? text?.provider ?? '') : '250 2.0.0 OK',
          recipient: user.email,
          emailKind: kind,
        },
      },
      // Delivery happens after the call returned, in a job of its own.
      transaction: { type: 'JOB', id: newRequestId() },
    });
  }

  /**
   * Okta's email provider keeps a bounce list: POST /api/v1/org/email/bounces/remove-list takes
   * addresses off it. Here a bounced or dropped address stops failing once removed (as when the
   * mailbox now exists); blocked and deferred ones are not on that list. Returns the addresses
   * that were not on it, as Okta reports them in `errors`.
   */
  removeFromBounceList(addresses: readonly string[]): string[] {
    const notListed: string[] = [];
    for (const address of addresses) {
      const key = address.toLowerCase();
      const failure = this.failures.get(key);
      if (failure && (failure.kind === 'bounce' || failure.kind === 'dropped')) this.failures.delete(key);
      else notListed.push(address);
    }
    return notListed;
  }

  failDelivery(email: string, failure: DeliveryFailure): () => void {
    if (!(failure.kind in FAILURE_TEXT)) throw new Error(`failDelivery: unknown kind ${String(failure.kind)}`);
    const key = email.toLowerCase();
    const copy = { ...failure };
    this.failures.set(key, copy);
    return () => {
      if (this.failures.get(key) === copy) this.failures.delete(key);
    };
  }

  /** Events visible now (Okta's lag applied), with their position as a paging cursor. */
  visible(): Array<{ readonly position: number; readonly event: SimLogEvent; readonly at: number }> {
    const cutoff = this.now() - this.lagMs;
    const out: Array<{ position: number; event: SimLogEvent; at: number }> = [];
    for (const [position, entry] of this.stored.entries()) {
      if (entry.at > cutoff) break; // appended in time order, so the rest are later still
      out.push({ position, event: entry.event, at: entry.at });
    }
    return out;
  }

  private append(fields: Omit<SimLogEvent, 'uuid' | 'published' | 'version'>): void {
    const at = this.now();
    const event: SimLogEvent = { uuid: randomUUID(), published: new Date(at).toISOString(), version: '0', ...fields };
    this.stored.push({ at, event });
    this.events.push(event);
  }
}
