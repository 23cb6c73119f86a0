/** What a mail provider did with an activation email that did not arrive (Okta's System Log). */
export type DeliveryFailureKind = 'bounce' | 'dropped' | 'blocked' | 'deferred' | 'failed';

export interface DeliveryFailure {
  /** The Okta user the email was for, when the event names one of the run's users. */
  readonly userId: string | null;
  /** The address as the event gives it. */
  readonly address: string;
  readonly kind: DeliveryFailureKind;
  /** The provider's own words (debugContext.debugData.ProviderMessage), shown as they are. */
  readonly providerMessage: string;
  readonly at: string;
}

/** Someone emailed in a run: what a delivery check matches events against. */
export interface EmailedUser {
  readonly userId: string;
  readonly login: string;
  readonly email: string | null;
}

export type DeliveryRead =
  | { readonly ok: true; readonly failures: readonly DeliveryFailure[]; readonly truncated: boolean }
  | { readonly ok: false; readonly reason: 'not_permitted' | 'failed'; readonly message: string };

/** What to do about each kind, in words a helpdesk can act on. */
export const DELIVERY_ADVICE: Record<DeliveryFailureKind, string> = {
  bounce: 'The address does not take mail (wrong, or the mailbox does not exist yet). Fix the email in Okta, or ask an admin to take it off Okta\'s bounce list once the mailbox exists, then resend.',
  dropped: 'The provider would not send to it (often because it bounced before and is on Okta\'s bounce list). An admin can take it off the bounce list; then resend.',
  blocked: 'The recipient\'s mail server refused it (spam filter or policy). Ask their mail admin to allow Okta\'s sender, then resend.',
  deferred: 'Delivery is being retried by the provider; it may still arrive. Check again later before resending.',
  failed: 'Delivery failed. Check the address in Okta, then resend.',
};

/** What taking addresses off Okta's bounce list did. */
export type BounceRemoval =
  | { readonly ok: true; readonly removed: readonly string[]; readonly errors: ReadonlyArray<{ readonly address: string; readonly reason: string }> }
  | { readonly ok: false; readonly reason: 'not_permitted' | 'failed'; readonly message: string };
