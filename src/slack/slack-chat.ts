import type { Logger } from '../logging/logger.ts';
import type { SlackFile } from './file-download.ts';
import type { KnownBlock, WebClient } from './slack-types.ts';

/** A conversation and, when the talk happens in a thread, the thread's root message. */
export interface Place {
  readonly channel: string;
  readonly threadTs: string | null;
}

/** Errors that mean "the bot cannot post there" (a DM between two people, a channel without the bot). */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_dm_bot']);

export function cannotPostThere(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== null && CANNOT_POST.has(code);
}

/** The Web API's error code (`not_in_channel`), when the error is a Web API answer. */
export function slackErrorCode(error: unknown): string | null {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' ? code : null;
}

/**
 * The Web API calls the surface makes. Every `mrkdwn` argument is already escaped by its caller;
 * links are never unfurled (nothing we post should fetch anything).
 */
export function createSlackChat(client: WebClient, logger: Logger) {
  return {
    async post(place: Place, mrkdwn: string, blocks?: KnownBlock[]): Promise<string> {
      const result = await client.chat.postMessage({
        channel: place.channel,
        text: mrkdwn,
        ...(blocks ? { blocks } : {}),
        ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return result.ts ?? '';
    },

    async update(channel: string, ts: string, mrkdwn: string, blocks?: KnownBlock[]): Promise<void> {
      // An empty blocks array clears the blocks, so plain-text updates do not keep stale buttons.
      await client.chat.update({ channel, ts, text: mrkdwn, blocks: blocks ?? [] });
    },

    /**
     * Only `user` sees it. Where the bot cannot post (not in the channel, a DM between two people)
     * it goes to the user's DM with the bot instead; it never throws. Slack shows an ephemeral in a
     * thread only if that thread already has replies, so callers pass `threadTs` only for a thread
     * known to exist (the message they answer is itself a reply).
     */
    async ephemeral(place: Place, user: string, mrkdwn: string): Promise<void> {
      try {
        await client.chat.postEphemeral({ channel: place.channel, user, text: mrkdwn, ...(place.threadTs ? { thread_ts: place.threadTs } : {}) });
        return;
      } catch (error) {
        logger.warn({ err: error, channel: place.channel }, 'slack ephemeral message failed; trying a DM');
      }
      try {
        const dm = await client.conversations.open({ users: user });
        if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text: mrkdwn, unfurl_links: false, unfurl_media: false });
      } catch (error) {
        logger.warn({ err: error }, 'slack DM fallback failed');
      }
    },

    /** The bot's DM with a user (scope im:write). */
    async directMessageWith(user: string): Promise<string> {
      const result = await client.conversations.open({ users: user });
      const id = result.channel?.id;
      if (!id) throw new Error('conversations.open returned no channel');
      return id;
    },

    /**
     * The whole file object (scope files:read). In Slack Connect channels the event carries only
     * `{ id, mode: 'file_access', file_access: 'check_file_info' }` and this is how to get the rest.
     */
    async fileInfo(id: string): Promise<SlackFile> {
      const result = await client.files.info({ file: id });
      if (!result.file) throw new Error('files.info returned no file');
      return result.file as SlackFile;
    },

    async uploadCsv(place: Place, filename: string, content: string, comment: string): Promise<void> {
      const file = { filename, title: filename, content, initial_comment: comment };
      await client.files.uploadV2(place.threadTs ? { ...file, channel_id: place.channel, thread_ts: place.threadTs } : { ...file, channel_id: place.channel });
    },
  };
}

export type SlackChat = ReturnType<typeof createSlackChat>;
