import type { ViewRow } from '../../core/views/plan-view.ts';
import { escapeMarkdown } from '../escape-markdown.ts';

/**
 * The few Adaptive Card elements the bot uses, as plain JSON. Version 1.4: everything here
 * (TextBlock, Container, Action.Submit styles) is 1.2-level and renders on Teams desktop, web and
 * mobile. Every text goes through escapeMarkdown here, so callers pass plain text only.
 */
export const CARD_VERSION = '1.4';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type CardElement = Readonly<Record<string, unknown>>;

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: string;
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardElement[];
  readonly msteams?: { readonly width: 'Full' };
}

export interface CardAttachment {
  readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  readonly content: AdaptiveCard;
}

type TextOptions = {
  readonly weight?: 'Bolder';
  readonly size?: 'Medium' | 'Small';
  readonly color?: 'Good' | 'Attention' | 'Warning' | 'Accent';
  readonly isSubtle?: boolean;
  readonly spacing?: 'None' | 'Small' | 'Medium';
};

/**
 * Teams refuses a whole message over about 28 KB. The core caps what it puts in its views; this is
 * the last line of defence for any one TextBlock (a pasted paragraph, an odd CSV cell), so that one
 * string cannot make a whole card undeliverable.
 */
export const MAX_TEXT_CHARS = 1_000;

/** At most `max` characters, ending in "…" when cut (never in the middle of a surrogate pair). */
export function shorten(plain: string, max = MAX_TEXT_CHARS): string {
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

export function text(plain: string, options: TextOptions = {}): CardElement {
  return { type: 'TextBlock', text: escapeMarkdown(shorten(plain)), wrap: true, ...options };
}

const TONE_COLOR = { good: 'Good', bad: 'Attention', neutral: undefined } as const;

/** One user: who (bold), what happens or happened, and the hint, as separate blocks. */
export function rowElement(row: ViewRow): CardElement {
  const color = TONE_COLOR[row.tone];
  return {
    type: 'Container',
    spacing: 'Small',
    items: [
      text(row.who, { weight: 'Bolder', ...(color ? { color } : {}) }),
      text(row.text, { spacing: 'None' }),
      ...(row.hint ? [text(row.hint, { spacing: 'None', isSubtle: true })] : []),
    ],
  };
}

export function submitAction(title: string, data: Readonly<Record<string, string>>, style?: 'positive' | 'destructive'): CardElement {
  return { type: 'Action.Submit', title, data, ...(style ? { style } : {}) };
}

export function card(body: readonly CardElement[], actions: readonly CardElement[] = []): CardAttachment {
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: CARD_VERSION,
      body,
      ...(actions.length > 0 ? { actions } : {}),
      // Logins are long; the full-width layout keeps rows on one line in channels.
      msteams: { width: 'Full' },
    },
  };
}

/** A card that only says something: why there is no plan, or why a plan's buttons are gone. */
export function noticeCard(lines: readonly string[]): CardAttachment {
  const [first = '', ...rest] = lines;
  return card([text(first, { weight: 'Bolder' }), ...rest.map((line) => text(line, { spacing: 'None' }))]);
}
