/** The parts of an activity that name its tenant (SDK-neutral). */
export interface TenantParts {
  readonly conversation?: { readonly tenantId?: string | undefined } | undefined;
  readonly channelData?: unknown;
}

/**
 * Whether an activity comes from the bot's own tenant (MICROSOFT_APP_TENANT_ID). The Bot Framework
 * token only proves that the Bot Connector sent the activity, not who in which organisation
 * typed it: any tenant that can install the app could otherwise drive Okta through the bot.
 * Teams names the tenant in `conversation.tenantId` and `channelData.tenant.id`; every one given
 * must match, and an activity that names none is refused. No configured tenant: no check.
 */
export function isFromTenant(activity: TenantParts, tenantId: string | null): boolean {
  if (!tenantId) return true;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | null | undefined;
  const named = [activity.conversation?.tenantId, channelData?.tenant?.id].filter((id): id is string => typeof id === 'string' && id !== '');
  const expected = tenantId.trim().toLowerCase();
  return named.length > 0 && named.every((id) => id.trim().toLowerCase() === expected);
}

export const OTHER_TENANT = 'This app only serves the organisation it was set up for, so I cannot help here.';
