import type { Place } from '../slack-chat.ts';
import type { SlackDeps } from '../slack-deps.ts';
import type { Notify } from './present-plan.ts';

/** Bolt's respond(): posts to the interaction's response_url. */
export type Respond = (message: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>;

/**
 * Tells the person who pressed a button, and only them. The click's response_url is how Slack
 * means this to be done: the answer shows where the button was, in a thread or not, with
 * `replace_original: false` so the message itself stays. A response_url lasts 30 minutes and five
 * uses; after that (or without one) an ephemeral message, in the clicked message's thread only
 * when that message is itself a reply: Slack never shows an ephemeral sent into a thread that has
 * no replies yet, and a fresh plan's own thread has none.
 */
export function notifyClicker(deps: SlackDeps, respond: Respond | undefined, message: Place, user: string): Notify {
  const fallback: Place = { channel: message.channel, threadTs: message.threadTs };
  return async (mrkdwn) => {
    if (respond) {
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: mrkdwn });
        return;
      } catch (error) {
        deps.logger.warn({ err: error }, 'slack response_url failed; sending an ephemeral message instead');
      }
    }
    await deps.chat.ephemeral(fallback, user, mrkdwn);
  };
}
