import type { App } from '@slack/bolt';
import { presentPrepared } from '../flows/present-plan.ts';
import { scheduledListingFor } from '../flows/scheduled-list.ts';
import { HELP_TEXT } from '../help-text.ts';
import { failureText, type SlackDeps } from '../slack-deps.ts';
import { openPasteModal } from './paste-modal.ts';
import { correlated } from '../../core/correlation.ts';

export const SLASH_COMMAND = '/resend-activation';

/**
 * `/resend-activation [identifiers | help | scheduled]`. The ack goes out at once (Slack allows 3 s) and says
 * what is happening; the lookup and the plan follow in a background job. No text opens a modal to
 * paste a list (its trigger_id is only good for 3 s, so that happens right after the ack).
 */
export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, correlated('slack', async ({ command, ack, respond, client }) => {
    const text = command.text.trim();
    if (/^help$/i.test(text)) {
      await ack({ response_type: 'ephemeral', text: HELP_TEXT });
      return;
    }
    if (/^scheduled$/i.test(text)) {
      // The listing goes back through the response_url: only this person sees it, with Cancel buttons.
      await ack();
      deps.jobs.run(
        'scheduled listing',
        async () => void (await respond({ response_type: 'ephemeral', ...(await scheduledListingFor(deps, command.user_id)) })),
        (error) => respond({ response_type: 'ephemeral', text: failureText(error) }).then(() => undefined),
      );
      return;
    }
    if (!text) {
      await ack();
      try {
        await openPasteModal(client, command.trigger_id, command.channel_id);
      } catch (error) {
        deps.logger.warn({ err: error }, 'slack views.open failed');
        await respond({ response_type: 'ephemeral', text: 'I could not open the box to paste a list. Type `/resend-activation alice@corp.com, bob@corp.com` instead, or send me a CSV.' });
      }
      return;
    }
    await ack({ response_type: 'ephemeral', text: ':mag: Looking them up in Okta… the plan will appear here.' });
    const notify = (mrkdwn: string) => respond({ response_type: 'ephemeral', text: mrkdwn }).then(() => undefined);
    deps.jobs.run(
      'slash command',
      async () => {
        const requester = await deps.requesterOf(command.user_id);
        const outcome = await deps.service.prepare(requester, { kind: 'text', text });
        await presentPrepared(deps, outcome, { place: { channel: command.channel_id, threadTs: null }, user: command.user_id, notify });
      },
      (error) => notify(failureText(error)),
    );
  }));
}
