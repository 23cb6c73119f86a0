/**
 * Slack treats `<…>` as links and mentions (`<!channel>`, `<@U123>`) and `&` as the start of an
 * entity, so these three are escaped in every piece of user text we echo. Slack's own docs name
 * exactly these three; nothing else in mrkdwn can ping anyone.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
