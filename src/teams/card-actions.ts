import { z } from 'zod';

/** A card input as Teams sends it: a string, possibly empty; the core reads and checks it. */
const input = z.string().max(64).optional();

/**
 * What the bot's Action.Submit buttons carry. Teams delivers a click as a message activity whose
 * `value` is this data merged with the card's inputs (the Schedule form's `scheduleDate` and
 * `scheduleTime`, by their ids), and whose `replyToId` is the card's activity id.
 */
const CardActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('confirm'), planId: z.string().min(1).max(100) }),
  z.object({ action: z.literal('cancel'), planId: z.string().min(1).max(100) }),
  z.object({
    action: z.literal('alternative'),
    planId: z.string().min(1).max(100),
    alternative: z.enum(['reset_password', 'activate_deprovisioned']),
  }),
  // The plan card's Schedule form. `timeZone`: the zone the card showed, when it knew one.
  z.object({ action: z.literal('schedule'), planId: z.string().min(1).max(100), timeZone: input, scheduleDate: input, scheduleTime: input }),
  z.object({ action: z.literal('schedule_start_dates'), planId: z.string().min(1).max(100), timeZone: input }),
  // A Cancel beside one line of the "scheduled" list.
  z.object({ action: z.literal('cancel_schedule'), scheduleId: z.string().min(1).max(100) }),
  // "Resend to N still pending" under a follow-up: the run whose pending users the core kept.
  z.object({ action: z.literal('resend_pending'), runId: z.string().min(1).max(100) }),
  // Under delivery failures: take the run's bounced addresses off Okta's bounce list (admins).
  z.object({ action: z.literal('clear_bounces'), runId: z.string().min(1).max(100) }),
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
