/**
 * Ids seen lately, oldest forgotten first: enough to recognise Teams retrying an invoke it got no
 * answer to in time (seconds later), without growing for as long as the server runs.
 */
export interface RecentIds {
  /** false when the id was already there. */
  add(id: string): boolean;
}

export function createRecentIds(capacity = 500): RecentIds {
  const seen = new Set<string>();
  return {
    add(id) {
      if (seen.has(id)) return false;
      seen.add(id);
      // A Set iterates in insertion order: the first one is the oldest.
      if (seen.size > capacity) seen.delete(seen.values().next().value as string);
      return true;
    },
  };
}
