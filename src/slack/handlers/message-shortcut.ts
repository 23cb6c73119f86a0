import type { App } from '@slack/bolt';
import { presentPrepared } from '../flows/present-plan.ts';
import { failureText, type SlackDeps } from '../slack-deps.ts';
import { correlated } from '../../core/correlation.ts';

export const MESSAGE_SHORTCUT = 'resend_activation';

/**
 * "Resend activation emails" on a message: the identifiers come from the message's text (Slack
 * writes emails there as `<mailto:a@b.com|a@b.com>`), and the plan is posted in its thread.
 */
export function registerMessageShortcut(app: App, deps: SlackDeps): void {
  app.shortcut(MESSAGE_SHORTCUT, correlated('slack', async ({ shortcut, ack, respond }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const user = shortcut.user.id;
    const message = shortcut.message as { ts?: string; thread_ts?: string; text?: string };
    const notify = (mrkdwn: string) => respond({ response_type: 'ephemeral', text: mrkdwn }).then(() => undefined);
    const place = { channel: shortcut.channel.id, threadTs: message.thread_ts ?? message.ts ?? shortcut.message_ts };
    deps.jobs.run(
      'message shortcut',
      async () => {
        const outcome = await deps.service.prepare(await deps.requesterOf(user), { kind: 'message', text: message.text ?? '' });
        await presentPrepared(deps, outcome, { place, user, notify });
      },
      (error) => notify(failureText(error)),
    );
  }));
}
