import { z } from 'zod';

/**
 * What the plan card's and the approval card's Action.Submit buttons carry. Teams delivers a click as a message activity
 * whose `value` is this data (merged with any card inputs; we have none) and whose `replyToId` is
 * the card's activity id.
 */
const CardActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('confirm'), planId: z.string().min(1).max(100) }),
  z.object({ action: z.literal('cancel'), planId: z.string().min(1).max(100) }),
  z.object({
    action: z.literal('alternative'),
    planId: z.string().min(1).max(100),
    alternative: z.enum(['reset_password', 'activate_deprovisioned']),
  }),
  // "Send anyway" on a report card: the run whose users were left in doubt.
  z.object({ action: z.literal('send_anyway'), runId: z.string().min(1).max(100) }),
  // Only the id travels in the card: who asked, for whom and where to report back stay in the core.
  z.object({ action: z.literal('approve'), approvalId: z.string().min(1).max(100) }),
  z.object({ action: z.literal('deny'), approvalId: z.string().min(1).max(100) }),
]);

export type CardAction = z.infer<typeof CardActionSchema>;

/** null: not one of our buttons (another app's card, or a forged value). */
export function parseCardAction(value: unknown): CardAction | null {
  const parsed = CardActionSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
