import type { AuditEvent, AuditSink } from '../core/audit.ts';
import { summarizeAuditEvent } from '../core/views/audit-summary.ts';
import type { Logger } from '../logging/logger.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import type { SlackChat } from './slack-chat.ts';

export interface AuditChannelSink extends AuditSink {
  /** Resolves once every line recorded so far has been posted (or given up on). */
  idle(): Promise<void>;
}

/**
 * AUDIT_SLACK_CHANNEL: the core's one-line summary of each run and approval decision, from every
 * surface that records into the same audit fan-out. record() is called inside the core's flow, so
 * it only queues: posting happens after, one line at a time (so lines keep their order), and a
 * failure is logged, never thrown into a run.
 */
export function createAuditChannelSink(chat: SlackChat, channel: string, logger: Logger): AuditChannelSink {
  let tail: Promise<void> = Promise.resolve();
  const post = async (line: string) => {
    try {
      await chat.post({ channel, threadTs: null }, `:memo: ${escapeMrkdwn(line)}`);
    } catch (error) {
      logger.warn({ err: error, channel }, 'slack audit channel post failed');
    }
  };
  return {
    record(event: AuditEvent) {
      try {
        const line = summarizeAuditEvent(event);
        if (line) tail = tail.then(() => post(line));
      } catch (error) {
        logger.warn({ err: error }, 'slack audit summary failed');
      }
    },
    idle: () => tail,
  };
}
