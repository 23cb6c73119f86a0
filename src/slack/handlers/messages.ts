import type { App } from '@slack/bolt';
import { parseIdentifierText } from '../../core/parse/index.ts';
import type { InputLimits } from '../../core/limits.ts';
import { escapeMrkdwn } from '../escape-mrkdwn.ts';
import { fetchSlackFile, needsFileInfo, type SlackFile } from '../file-download.ts';
import { presentPrepared, type RequestOrigin } from '../flows/present-plan.ts';
import { scheduledListingFor } from '../flows/scheduled-list.ts';
import { HELP_TEXT, NOBODY_NAMED_TEXT } from '../help-text.ts';
import { slackErrorCode } from '../slack-chat.ts';
import { failureText, type SlackDeps } from '../slack-deps.ts';
import { correlated } from '../../core/correlation.ts';

/** The fields of a message event the file and DM flows read. */
interface MessageEvent {
  readonly subtype?: string;
  readonly bot_id?: string;
  readonly user?: string;
  readonly channel: string;
  readonly channel_type?: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly text?: string;
  readonly files?: readonly SlackFile[];
}

/** Files after the first few in one message are not read (a slip, not a batch). */
const MAX_FILES = 3;

/**
 * Messages: a CSV/TSV/TXT shared in a DM with the bot, or in a channel with the bot mentioned,
 * becomes a plan; text in the DM works like the slash command. Everything else is ignored.
 */
export function registerMessages(app: App, deps: SlackDeps, botUserId: () => Promise<string | null>): void {
  app.event('message', correlated('slack', async ({ event }) => {
    const message = event as unknown as MessageEvent;
    if (message.bot_id || !message.user || (message.subtype && message.subtype !== 'file_share')) return;
    // Slack retries an event it thinks was not delivered (possibly to another replica): a retry
    // must not post a second plan. The store remembers the message for every replica.
    if (!(await deps.service.firstDelivery('slack', `${message.channel}:${message.ts}`))) return;

    deps.jobs.run('message', async () => {
      const direct = message.channel_type === 'im';
      const bot = await botUserId();
      const mention = bot ? `<@${bot}>` : null;
      if (!direct && !(mention && message.text?.includes(mention))) return;
      const user = message.user ?? '';
      // The plan goes into the message's thread (chat.postMessage starts one if need be).
      const place = { channel: message.channel, threadTs: message.thread_ts ?? message.ts };
      // Problems: in a DM the reply is private anyway; in a channel only the requester sees them,
      // as an ephemeral beside the message: Slack shows an ephemeral in a thread only if the thread
      // already has replies, which holds when the message itself is one.
      const aside = { channel: message.channel, threadTs: message.thread_ts ?? null };
      const notify = direct ? (mrkdwn: string) => deps.chat.post(place, mrkdwn).then(() => undefined) : (mrkdwn: string) => deps.chat.ephemeral(aside, user, mrkdwn);
      const text = (mention ? message.text?.split(mention).join(' ') : message.text)?.trim() ?? '';
      try {
        await handleMessage(deps, message, { place, user, notify }, text);
      } catch (error) {
        await notify(failureText(error)).catch(() => undefined);
        throw error;
      }
    });
  }));
}

async function handleMessage(deps: SlackDeps, message: MessageEvent, origin: RequestOrigin, text: string): Promise<void> {
  const files = message.files ?? [];
  if (files.length === 0) {
    if (!text || /^help$/i.test(text)) {
      await origin.notify(HELP_TEXT);
      return;
    }
    // `scheduled` in the DM: the listing with Cancel buttons (a DM is private already).
    if (/^scheduled$/i.test(text) && message.channel_type === 'im') {
      const listing = await scheduledListingFor(deps, origin.user);
      await deps.chat.post(origin.place, listing.text, listing.blocks);
      return;
    }
    // "thanks", "hi": a friendly pointer, not a refusal (and no request in the audit trail).
    if (namesNobody(text, deps.service.settings.limits)) {
      await origin.notify(NOBODY_NAMED_TEXT);
      return;
    }
    const outcome = await deps.service.prepare(await deps.requesterOf(origin.user), { kind: 'message', text });
    await presentPrepared(deps, outcome, origin);
    return;
  }
  if (files.length > MAX_FILES) await origin.notify(`:information_source: I read the first ${MAX_FILES} files of a message; send the others separately.`);
  const requester = await deps.requesterOf(origin.user);
  for (const shared of files.slice(0, MAX_FILES)) {
    const file = await completeFile(deps, shared);
    if (!file) {
      await origin.notify(':warning: Slack would not give me the details of the file you shared (was it deleted?). Share it again, or send it to me in a DM.');
      continue;
    }
    const fetched = await fetchSlackFile(file, { token: deps.botToken, maxBytes: deps.service.settings.limits.maxFileBytes, apiOrigin: deps.apiOrigin });
    if (fetched.kind === 'refused') {
      await origin.notify(`:warning: ${escapeMrkdwn(fetched.message)}`);
      continue;
    }
    const outcome = await deps.service.prepare(requester, { kind: 'file', name: fetched.name, bytes: fetched.bytes });
    await presentPrepared(deps, outcome, origin);
  }
}

/** The file as files.info describes it when the event held only a stub (Slack Connect); null if that failed. */
async function completeFile(deps: SlackDeps, file: SlackFile): Promise<SlackFile | null> {
  if (!needsFileInfo(file)) return file;
  if (!file.id) return null;
  try {
    return await deps.chat.fileInfo(file.id);
  } catch (error) {
    deps.logger.warn({ err: error, fileId: file.id, slackError: slackErrorCode(error) }, 'slack files.info failed');
    return null;
  }
}

/** Prose in which the core's parser finds no email or Okta id and nothing it would report as bad. */
function namesNobody(text: string, limits: InputLimits): boolean {
  try {
    const parsed = parseIdentifierText(text, { mode: 'extract', limits });
    return parsed.identifiers.length === 0 && parsed.rejected.length === 0;
  } catch {
    // Too large and the like: the core's own answer (through prepare) says what is wrong.
    return false;
  }
}
