import type { Logger } from '../logging/logger.ts';
import type { WebClient } from './slack-types.ts';

export interface BotIdentity {
  /** What auth.test said, once it has answered; empty until then (or while it fails). */
  known(): { botUserId?: string; botId?: string };
  /** Waits for auth.test (one call, shared); null when it failed (it is tried again next time). */
  botUserId(): Promise<string | null>;
  /** This app's id (A…), from the same auth.test: the Workflow Builder step is named by it. */
  appId(): Promise<string | null>;
}

/**
 * The bot's own user id (for "was I mentioned?"), from one auth.test call. Bolt's built-in
 * authorization would call auth.test before acking every request; ours never makes an ack wait.
 */
export function createBotIdentity(client: WebClient, logger: Logger): BotIdentity {
  let answer: { botUserId?: string; botId?: string } = {};
  let app: string | null = null;
  let pending: Promise<string | null> | null = null;
  const botUserId = () => {
    pending ??= client.auth.test().then(
      (result) => {
        answer = { ...(result.user_id ? { botUserId: result.user_id } : {}), ...(result.bot_id ? { botId: result.bot_id } : {}) };
        app = result.app_id ?? null;
        return result.user_id ?? null;
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'slack auth.test failed; files shared in channels are ignored until it works');
        pending = null;
        return null;
      },
    );
    return pending;
  };
  return {
    known: () => {
      if (!pending) void botUserId();
      return answer;
    },
    botUserId,
    appId: async () => ((await botUserId()) === null ? null : app),
  };
}
