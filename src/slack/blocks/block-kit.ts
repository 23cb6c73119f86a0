import { displaySafe } from '../../core/views/display-safe.ts';
import type { KnownBlock } from '../slack-types.ts';

/**
 * `verbatim: true` everywhere: without it Slack auto-links channel names and parses some mentions
 * (an `@channel` typed into a CSV cell) even when the text is escaped.
 */
export function mrkdwn(text: string): { type: 'mrkdwn'; text: string; verbatim: true } {
  return { type: 'mrkdwn', text, verbatim: true };
}

/**
 * Slack rejects plain_text longer than 75 characters in buttons and dialog titles, 150 in headers.
 * plain_text needs no mrkdwn escaping, but it shows bidirectional overrides and control characters
 * as they are, so they go (displaySafe) like in escapeMrkdwn.
 */
export function plainText(raw: string, max = 75): { type: 'plain_text'; text: string; emoji: true } {
  const text = displaySafe(raw);
  return { type: 'plain_text', text: text.length > max ? `${text.slice(0, max - 1)}…` : text, emoji: true };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: plainText(text, 150) };
}

export function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
}

/** A section holds at most 3000 characters; a message at most 50 blocks. */
const SECTION_LIMIT = 2900;

/** Lines packed into as few sections as the 3000-character limit allows. */
export function sections(lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.length > SECTION_LIMIT ? `${raw.slice(0, SECTION_LIMIT - 1)}…` : raw;
    if (current && current.length + line.length + 1 > SECTION_LIMIT) {
      blocks.push({ type: 'section', text: mrkdwn(current) });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ type: 'section', text: mrkdwn(current) });
  return blocks;
}

export interface ButtonSpec {
  readonly actionId: string;
  readonly text: string;
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: { readonly title: string; readonly text: string; readonly confirm: string };
}

export function actions(blockId: string, buttons: readonly ButtonSpec[]): KnownBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: buttons.map((button) => ({
      type: 'button' as const,
      action_id: button.actionId,
      text: plainText(button.text),
      value: button.value,
      ...(button.style ? { style: button.style } : {}),
      ...(button.confirm
        ? {
            // Slack's limits for a confirmation dialog: title 100, text 300, buttons 30 characters.
            confirm: { title: plainText(button.confirm.title, 100), text: plainText(button.confirm.text, 300), confirm: plainText(button.confirm.confirm, 30), deny: plainText('Go back', 30) },
          }
        : {}),
    })),
  };
}
