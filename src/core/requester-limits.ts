import type { Requester } from './requester.ts';
import type { KeyValueStore } from './store.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * At most `maxPerHour` requests in any sliding hour per requester without a role. Kept in the
 * store as one atomic sliding window, so replicas share it and no race lets an extra one through.
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
    return this.store.recordInWindow(key, now, HOUR_MS, this.maxPerHour);
  }
}
