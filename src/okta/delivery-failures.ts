import type { DeliveryFailure, DeliveryFailureKind, DeliveryRead, EmailedUser } from '../core/delivery.ts';
import type { SystemLogEvent, SystemLogReader } from './system-log.ts';

const FILTER = 'eventType eq "system.email.delivery" and outcome.result eq "FAILURE"';

/**
 * The run's emails that did not arrive: one read of the System Log (paged, paced in the small
 * logs bucket) for failed deliveries in the run's window, matched to the run's users. Okta does
 * not document which field of a delivery event names the recipient, so an event matches a user by
 * target id, or by the address in a target's alternateId / displayName or in debugData
 * (`recipient`, `email`) against the user's email or login — every one of them is checked.
 */
export async function readDeliveryFailures(logs: SystemLogReader, users: readonly EmailedUser[], sinceMs: number, untilMs: number): Promise<DeliveryRead> {
  const read = await logs.read({ since: sinceMs, until: untilMs, filter: FILTER, limit: 1000 });
  if (!read.ok) return { ok: false, reason: read.reason, message: read.message };
  const byId = new Map(users.map((user) => [user.userId, user]));
  const byAddress = new Map<string, EmailedUser>();
  for (const user of users) {
    byAddress.set(user.login.toLowerCase(), user);
    if (user.email) byAddress.set(user.email.toLowerCase(), user);
  }
  const failures: DeliveryFailure[] = [];
  for (const event of read.events) {
    const match = matchUser(event, byId, byAddress);
    if (!match) continue;
    failures.push({
      userId: match.user.userId,
      address: match.address ?? match.user.email ?? match.user.login,
      kind: kindOf(event),
      providerMessage: String(event.debugData.ProviderMessage ?? event.displayMessage ?? ''),
      at: event.published,
    });
  }
  return { ok: true, failures, truncated: read.truncated };
}

function addressesOf(event: SystemLogEvent): string[] {
  const fromTargets = event.target.flatMap((target) => [target.alternateId, target.displayName]);
  const fromDebug = [event.debugData.recipient, event.debugData.email, event.debugData.Recipient];
  return [...fromTargets, ...fromDebug].filter((value): value is string => typeof value === 'string' && value.includes('@'));
}

function matchUser(event: SystemLogEvent, byId: ReadonlyMap<string, EmailedUser>, byAddress: ReadonlyMap<string, EmailedUser>): { user: EmailedUser; address: string | null } | null {
  const addresses = addressesOf(event);
  const recipient = addresses.find((address) => byAddress.has(address.toLowerCase())) ?? null;
  for (const target of event.target) {
    const user = byId.get(target.id);
    if (user) return { user, address: typeof event.debugData.recipient === 'string' ? event.debugData.recipient : recipient };
  }
  const user = recipient ? byAddress.get(recipient.toLowerCase()) : undefined;
  return user ? { user, address: recipient } : null;
}

/** Okta's outcome reason (BOUNCE, DROPPED, …), else the display message ("Email delivery FAILURE: Bounce"). */
function kindOf(event: SystemLogEvent): DeliveryFailureKind {
  const text = `${event.outcome?.reason ?? ''} ${event.displayMessage ?? ''}`.toLowerCase();
  if (text.includes('bounce')) return 'bounce';
  if (text.includes('drop')) return 'dropped';
  if (text.includes('block')) return 'blocked';
  if (text.includes('defer')) return 'deferred';
  return 'failed';
}
