import type { App } from '@slack/bolt';
import { presentPrepared } from '../flows/present-plan.ts';
import type { WebClient } from '../slack-types.ts';
import { failureText, type SlackDeps } from '../slack-deps.ts';
import { correlated } from '../../core/correlation.ts';

export const PASTE_MODAL = 'resend_activation_paste';
const BLOCK = 'identifiers';
const INPUT = 'text';

/** The modal `/resend-activation` opens with no text: one multi-line box. */
export async function openPasteModal(client: WebClient, triggerId: string, channel: string): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: {
      type: 'modal',
      callback_id: PASTE_MODAL,
      private_metadata: JSON.stringify({ channel }),
      title: { type: 'plain_text', text: 'Resend activation' },
      submit: { type: 'plain_text', text: 'Look up' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        {
          type: 'input',
          block_id: BLOCK,
          label: { type: 'plain_text', text: 'Users' },
          hint: { type: 'plain_text', text: 'Emails, Okta logins or user ids (00u…), one per line or separated by commas. For hundreds, send me a CSV in a DM.' },
          element: { type: 'plain_text_input', action_id: INPUT, multiline: true, max_length: 3000 },
        },
      ],
    },
  });
}

function channelFrom(privateMetadata: string): string | null {
  try {
    const parsed = JSON.parse(privateMetadata) as { channel?: unknown };
    return typeof parsed.channel === 'string' ? parsed.channel : null;
  } catch {
    return null;
  }
}

/** The modal's submission: the plan goes to the channel the command was typed in. */
export function registerPasteModal(app: App, deps: SlackDeps): void {
  app.view(PASTE_MODAL, correlated('slack', async ({ ack, view, body }) => {
    const text = view.state.values[BLOCK]?.[INPUT]?.value?.trim() ?? '';
    if (!text) {
      await ack({ response_action: 'errors', errors: { [BLOCK]: 'Paste at least one email, login or Okta user id.' } });
      return;
    }
    await ack();
    const user = body.user.id;
    const metadataChannel = channelFrom(view.private_metadata);
    deps.jobs.run('paste modal', async () => {
      const place = { channel: metadataChannel ?? (await deps.chat.directMessageWith(user)), threadTs: null };
      const notify = (mrkdwn: string) => deps.chat.ephemeral(place, user, mrkdwn);
      try {
        const outcome = await deps.service.prepare(await deps.requesterOf(user), { kind: 'text', text });
        await presentPrepared(deps, outcome, { place, user, notify });
      } catch (error) {
        await notify(failureText(error));
        throw error;
      }
    });
  }));
}
