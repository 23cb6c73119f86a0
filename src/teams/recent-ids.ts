/**
 * Deliveries already handled: Teams retries an invoke it got no answer to in time (seconds
 * later), and with replicas the retry may land on another process, so the memory is the store's.
 */
export interface RecentIds {
  /** false when the id was already there. */
  add(id: string): Promise<boolean>;
}

export function storeBackedIds(firstDelivery: (id: string) => Promise<boolean>): RecentIds {
  return { add: (id) => firstDelivery(id) };
}
