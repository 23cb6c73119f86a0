// The simulator's fake mail: emails are only appended to `outbox`, never sent anywhere.
import type { EmailKind, OutboxEmail } from './types.ts';

export class Mailer {
  readonly outbox: OutboxEmail[] = [];
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
  }

  get cooldown(): number {
    return this.cooldownMs;
  }
}
