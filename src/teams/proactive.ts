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
    let failure: { error: unknown } | null = null;
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      try {
        await job(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
  };
}
