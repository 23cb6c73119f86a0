import type { KeyValueStore } from './store.ts';

/**
 * "Emailed recently" window per Okta user. Claimed *before* the lifecycle call, atomically, so a
 * double click or two agents racing on one person send a single email.
 */
export class SuppressionWindow {
  constructor(
    private readonly store: KeyValueStore,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * True when this caller may email the user now; false when someone did within the window.
   * A window of 0 turns suppression off (node-cache would read a TTL of 0 as "forever").
   */
  async claim(userId: string, planId: string): Promise<boolean> {
    if (this.ttlSeconds <= 0) return true;
    return this.store.setIfAbsent(this.key(userId), { planId }, this.ttlSeconds);
  }

  /** The plan whose run holds the window for this user, if any. */
  async holder(userId: string): Promise<string | undefined> {
    if (this.ttlSeconds <= 0) return undefined;
    return (await this.store.get<{ planId: string }>(this.key(userId)))?.planId;
  }

  /** True while someone holds the window for this user (a plan shows it; the run claims for real). */
  async isHeld(userId: string): Promise<boolean> {
    if (this.ttlSeconds <= 0) return false;
    return (await this.store.get(this.key(userId))) !== undefined;
  }

  /** A forced send went out: the window restarts from now, held by that plan. */
  async renew(userId: string, planId: string): Promise<void> {
    if (this.ttlSeconds <= 0) return;
    await this.store.set(this.key(userId), { planId }, this.ttlSeconds);
  }

  /**
   * Gives this plan's claim back when the call certainly sent nothing (a 4xx from Okta). Only
   * while the claim is still this plan's: a forced send elsewhere may have renewed it meanwhile,
   * and deleting that would let a third click email the user again.
   */
  async release(userId: string, planId: string): Promise<void> {
    if (this.ttlSeconds <= 0) return;
    await this.store.deleteIfEquals(this.key(userId), { planId });
  }

  get windowMinutes(): number {
    return Math.round(this.ttlSeconds / 60);
  }

  private key(userId: string): string {
    return `suppress:${userId}`;
  }
}
