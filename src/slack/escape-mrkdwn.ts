import { displaySafe } from '../core/views/display-safe.ts';

/**
 * Slack treats `<…>` as links and mentions (`<!channel>`, `<@U123>`) and `&` as the start of an
 * entity, so these three are escaped in every piece of user text we echo. Slack's own docs name
 * exactly these three; nothing else in mrkdwn can ping anyone. Bidirectional overrides and control
 * characters go first (displaySafe): Slack shows them as they are, so a pasted `\u202E` would make
 * an identifier read reversed in a message the bot vouches for.
 */
export function escapeMrkdwn(text: string): string {
  return displaySafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
