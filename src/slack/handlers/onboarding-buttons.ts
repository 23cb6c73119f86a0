import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_CLEAR_BOUNCES, ACTION_FOLLOW_UP_RESEND } from '../blocks/onboarding-blocks.ts';
import { ACTION_CANCEL_SCHEDULE } from '../blocks/scheduled-blocks.ts';
import { clearBouncesClick, followUpResendClick } from '../flows/follow-up-click.ts';
import { notifyClicker, type Respond } from '../flows/notify-clicker.ts';
import { cancelScheduledClick, type ScheduledListing } from '../flows/scheduled-list.ts';
import { failureText, type SlackDeps } from '../slack-deps.ts';

/** Bolt's respond() with a replacement for the message the button is on (an ephemeral listing). */
type Replace = (message: { replace_original: true; text: string; blocks: ScheduledListing['blocks'] }) => Promise<unknown>;

/**
 * The buttons of the onboarding morning: "Resend to N still pending" under a follow-up, "Take N
 * off Okta's bounce list…" under delivery failures, and Cancel on a `scheduled` listing. Acked at once; the core decides who may do what.
 */
export function registerOnboardingButtons(app: App, deps: SlackDeps): void {
  // Buttons on messages in a run's thread: the run id is the value, answers go to the presser.
  for (const [actionId, label, handle] of [
    [ACTION_FOLLOW_UP_RESEND, 'follow-up resend', followUpResendClick],
    [ACTION_CLEAR_BOUNCES, 'clear bounces', clearBouncesClick],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const channel = body.channel?.id ?? body.container.channel_id;
      const message = body.message as { ts?: string; thread_ts?: string; blocks?: unknown[] } | undefined;
      if (!channel || !message?.ts || !action.value) return;
      const threadTs = message.thread_ts ?? null;
      const notify = notifyClicker(deps, respond as Respond | undefined, { channel, threadTs }, body.user.id);
      const click = { planId: action.value, user: body.user.id, message: { channel, ts: message.ts, threadTs, blocks: message.blocks ?? [] }, notify };
      deps.jobs.run(label, () => handle(deps, click), (error) => notify(failureText(error)));
    });
  }

  app.action<BlockAction<ButtonAction>>(ACTION_CANCEL_SCHEDULE, async ({ ack, body, action, respond }) => {
    await ack();
    const scheduleId = action.value;
    if (!scheduleId) return;
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container.channel_id ?? null;
    // A listing answered to a command is ephemeral (only its response_url can change it); one in a DM is a message.
    const message = body.message as { ts?: string } | undefined;
    const show = async (listing: ScheduledListing) => {
      if (respond) await (respond as unknown as Replace)({ replace_original: true, text: listing.text, blocks: listing.blocks });
      else if (channel && message?.ts) await deps.chat.update(channel, message.ts, listing.text, listing.blocks);
    };
    const tell = (mrkdwn: string) => (channel ? deps.chat.ephemeral({ channel, threadTs: null }, user, mrkdwn) : Promise.resolve());
    deps.jobs.run('cancel schedule', async () => show(await cancelScheduledClick(deps, user, scheduleId)), (error) => tell(failureText(error)));
  });
}
