// The simulator's fake mail: emails are only appended to `outbox`, never sent anywhere.
import type { EmailKind, OutboxEmail } from './types.ts';

/** What following the link of a user's latest activation email does. */
export type LinkOutcome = 'activated' | 'expired' | 'used' | 'no_link';

export class Mailer {
  readonly outbox: OutboxEmail[] = [];
  /**
   * The live activation link per user: Okta's links work once and expire after the org's
   * lifetime (7 days by default); a new activation email replaces the previous link.
   */
  private readonly links = new Map<string, { issuedAt: number; used: boolean }>();
  /** ACTIVATION link lifetime in ms (the org setting, Security > General). */
  linkLifetimeMs = 7 * 24 * 60 * 60 * 1000;
  /** Last send per recipient address (lower-cased), kept when the outbox is cleared. */
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {
    if (!(cooldownMs >= 0)) throw new Error(`emailCooldownMs must be >= 0, got ${String(cooldownMs)}`);
  }

  /** Okta: a second email to the same address within the cooldown is refused (E0000118). */
  isCoolingDown(to: string): boolean {
    const last = this.lastSent.get(to.toLowerCase());
    return last !== undefined && this.now() - last < this.cooldownMs;
  }

  send(to: string, userId: string, kind: EmailKind): void {
    const at = this.now();
    this.lastSent.set(to.toLowerCase(), at);
    this.outbox.push({ to, userId, kind, at });
    if (kind === 'activation') this.links.set(userId, { issuedAt: at, used: false });
  }

  /** The user follows their latest activation link now: it works once, within its lifetime. */
  followLink(userId: string, at = this.now()): LinkOutcome {
    const link = this.links.get(userId);
    if (!link) return 'no_link';
    if (link.used) return 'used';
    if (at - link.issuedAt > this.linkLifetimeMs) return 'expired';
    link.used = true;
    return 'activated';
  }

  get cooldown(): number {
    return this.cooldownMs;
  }
}
