/**
 * Slack's largest payloads (a block_actions with a full message) are tens of kilobytes; Bolt's
 * receiver would read any body whole. request-guard.ts enforces this.
 */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;
