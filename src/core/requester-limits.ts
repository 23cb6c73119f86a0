import type { Requester } from './requester.ts';
import type { KeyValueStore } from './store.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * At most `maxPerHour` requests in any sliding hour per requester without a role. Kept in the
 * store so replicas share it; a lost race can let one extra request through, never fewer.
 */
export class RequesterLimits {
  constructor(
    private readonly store: KeyValueStore,
    private readonly maxPerHour: number,
  ) {}

  /** Records a request and says whether it was within the limit. */
  async tryRecord(requester: Requester, now: number): Promise<boolean> {
    // By email when there is one: the same person asking from Slack and from Teams is one requester.
    const key = `requests:${requester.email?.toLowerCase() ?? `${requester.surface}:${requester.userId}`}`;
    const recent = ((await this.store.get<number[]>(key)) ?? []).filter((at) => at > now - HOUR_MS);
    if (recent.length >= this.maxPerHour) return false;
    await this.store.set(key, [...recent, now], HOUR_MS / 1000);
    return true;
  }
}
