import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';

/**
 * Runs `job` in a proactive turn of another conversation than the one being answered: the
 * approval channel, or the requester's thread once an approver decided. Failures reach the
 * caller (the adapter would otherwise hand them to onTurnError and resolve as if all went well),
 * so it can tell someone that the post did not happen.
 */
export type Proactive = (reference: Partial<ConversationReference>, job: (context: TurnContext) => Promise<void>) => Promise<void>;

export function createProactive(adapter: CloudAdapter, appId: string): Proactive {
  return async (reference, job) => {
    const failures: unknown[] = [];
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      await job(context).catch((error: unknown) => void failures.push(error));
    });
    if (failures.length > 0) throw failures[0];
  };
}
