import type { ParsedIdentifiers } from '../identifiers.ts';
import { INPUT_LIMITS, type InputLimits } from '../limits.ts';
import { assertTextSize, parseIdentifierText } from './parse-text.ts';
import { mailtoAddress } from './slack-tokens.ts';

/**
 * Microsoft Teams delivers messages as HTML. Only the visible text matters, except that a
 * mailto link's address is taken from its href (the label may be a display name).
 */
export function htmlToPlainText(html: string): string {
  const text = html
    // Source line breaks are plain whitespace in HTML; visible ones come from tags below.
    .replace(/[\r\n]+/g, ' ')
    // "<at>Resend bot</at>" is a mention of the bot or a person: its text names no one by email.
    .replace(/<at\b[^>]*>[\s\S]*?<\/at\s*>/gi, ' ')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<a\b[^>]*?\bhref\s*=\s*(?:"mailto:([^"]*)"|'mailto:([^']*)')[^>]*>[\s\S]*?<\/a\s*>/gi, (_m, dq?: string, sq?: string) =>
      ` ${mailtoAddress(decodeHtmlEntities(dq ?? sq ?? ''))} `,
    )
    .replace(/<br\b[^>]*>|<\/(?:p|div|li|tr|h[1-6]|blockquote|pre)\s*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  // Entities last, so an escaped "&lt;b&gt;" typed by someone stays text instead of a tag.
  return decodeHtmlEntities(text);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (entity, body: string) => {
    if (!body.startsWith('#')) return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
    const hex = body[1] === 'x' || body[1] === 'X';
    const codePoint = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    const valid = codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    if (!valid) return entity;
    // A non-breaking space separates words like a space does.
    return codePoint === 0xa0 ? ' ' : String.fromCodePoint(codePoint);
  });
}

export interface ParseHtmlOptions {
  readonly limits?: InputLimits | undefined;
}

/** Emails and Okta ids named in a Teams message; everything else in it is ignored. */
export function parseIdentifierHtml(html: string, options: ParseHtmlOptions = {}): ParsedIdentifiers {
  const limits = options.limits ?? INPUT_LIMITS;
  assertTextSize(html, limits);
  return parseIdentifierText(htmlToPlainText(html), { mode: 'extract', limits });
}
