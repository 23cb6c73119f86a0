import type { Client } from '@okta/okta-sdk-nodejs';
import type { BounceRemoval } from '../core/delivery.ts';
import { isOktaTokenError } from './okta-call-errors.ts';
import { mapOktaError } from './okta-errors.ts';

/**
 * Okta's email provider keeps a bounce list; an address on it gets no mail from Okta at all
 * (deliveries are "dropped"). `POST /api/v1/org/email/bounces/remove-list` takes addresses off
 * it, with `okta.orgs.manage` — a scope of its own, asked for by a token of its own (like the
 * System Log's), so that an app without it still resends. Not available in developer orgs.
 */
export class BounceList {
  constructor(
    private readonly clientFor: () => Client,
    private readonly orgUrl: string,
  ) {}

  async remove(addresses: readonly string[]): Promise<BounceRemoval> {
    const request = {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ emailAddresses: addresses }),
    } as unknown as Parameters<Client['http']['http']>[1];
    try {
      const response = (await this.clientFor().http.http(`${this.orgUrl}/api/v1/org/email/bounces/remove-list`, request)) as unknown as { text(): Promise<string> };
      const body = JSON.parse(await response.text()) as { errors?: Array<{ emailAddress?: unknown; reason?: unknown }> };
      const errors = (body.errors ?? []).map((e) => ({ address: String(e.emailAddress ?? ''), reason: String(e.reason ?? '') }));
      const failed = new Set(errors.map((e) => e.address.toLowerCase()));
      return { ok: true, removed: addresses.filter((a) => !failed.has(a.toLowerCase())), errors };
    } catch (error) {
      const notPermitted = isOktaTokenError(error) || mapOktaError(error).code === 'forbidden';
      return { ok: false, reason: notPermitted ? 'not_permitted' : 'failed', message: notPermitted ? 'the bot may not manage the org\'s email settings (okta.orgs.manage)' : (error instanceof Error ? error.message : String(error)) };
    }
  }
}

const lists = new WeakMap<Client, BounceList>();

export function registerBounceList(client: Client, list: BounceList): void {
  lists.set(client, list);
}

export function bounceListFor(client: Client): BounceList {
  return lists.get(client) ?? new BounceList(() => client, client.baseUrl);
}
