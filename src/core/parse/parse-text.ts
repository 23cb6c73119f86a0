import { InputError } from '../errors.ts';
import { INPUT_LIMITS, type InputLimits } from '../limits.ts';
import type { ParsedIdentifiers } from '../identifiers.ts';
import { classifyToken, isPunctuationOnly, REASONS, tooLong } from './classify.ts';
import { IdentifierCollector } from './collector.ts';
import { formatBytes, preview } from './format.ts';
import { tokenizeLine, type Token } from './slack-tokens.ts';

/**
 * strict: a slash command or pasted list, where every token is meant to be an identifier.
 * extract: a chat message written as prose, from which emails and Okta ids are picked out.
 */
export type ParseMode = 'strict' | 'extract';

export interface ParseTextOptions {
  readonly mode?: ParseMode | undefined;
  readonly limits?: InputLimits | undefined;
}

export const LINE_BREAK = /\r\n|\r|\n/;

export function parseIdentifierText(text: string, options: ParseTextOptions = {}): ParsedIdentifiers {
  const limits = options.limits ?? INPUT_LIMITS;
  const mode = options.mode ?? 'strict';
  assertTextSize(text, limits);
  const collector = new IdentifierCollector(limits);
  text.split(LINE_BREAK).forEach((lineText, index) => {
    const line = index + 1;
    // Extract mode reads chat prose, where a long paragraph is normal; only lists are capped.
    if (mode === 'strict' && lineText.length > limits.maxLineLength) {
      collector.reject(line, preview(lineText.trim()), tooLong(lineText.length, limits.maxLineLength, 'line '));
      return;
    }
    const listed = mode === 'strict' ? dropDisplayNames(lineText) : lineText;
    for (const token of tokenizeLine(listed)) collectToken(token, line, mode, collector, limits);
  });
  return collector.finish();
}

function collectToken(
  token: Token,
  line: number,
  mode: ParseMode,
  collector: IdentifierCollector,
  limits: InputLimits,
): void {
  if (token.kind === 'markup') {
    if (mode === 'strict') collector.reject(line, token.raw, token.reason);
    return;
  }
  if (isPunctuationOnly(token.text)) return;
  const result = classifyToken(token.text, limits);
  if (mode === 'extract') {
    if (result.ok && result.kind !== 'login') collector.add({ raw: result.shown, kind: result.kind, value: result.value, line });
    return;
  }
  if (token.kind === 'mailto' && result.ok && result.kind !== 'email') {
    collector.reject(line, token.raw, REASONS.notEmail);
  } else if (result.ok) {
    collector.add({ raw: result.shown, kind: result.kind, value: result.value, line });
  } else {
    collector.reject(line, preview(token.raw), result.reason);
  }
}

/**
 * Address lists pasted from Outlook or Gmail name each person before their address:
 * `Alice Smith <alice@corp.com>; "Li, Bob" <bob@corp.com>; Smith, Alice <alice@corp.com>`. Those
 * names are not logins (looked up, "alice" and "smith" could reach other people), so a display
 * name directly before an angle-bracketed address, at the start of the line or after `,`/`;`, is
 * dropped. Only what reads as a name counts: a quoted string, or capitalised words (with the
 * usual lower-case particles), optionally "Last, First". Lower-case words (`jdoe bsmith <b@x>`)
 * and Okta ids are what people type as logins, and stay.
 */
const NAME_PART = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*`;
const PARTICLE = String.raw`(?:van|von|der|den|de|del|della|da|di|du|dos|la|le|bin|al)`;
const MORE_WORDS = String.raw`(?:[ \t]+(?:${NAME_PART}|${PARTICLE}))*`;
// Every word is delimited and a name crosses at most one comma, so a failed match backs off in
// linear time: a 4 KB line of capitalised words cannot stall the parser (quadratic before).
const DISPLAY_NAME = String.raw`(?:"[^"\n]*"|(?:${PARTICLE}[ \t]+)*${NAME_PART}${MORE_WORDS}(?:,[ \t]+${NAME_PART}${MORE_WORDS})?)`;
const ADDRESS_IN_BRACKETS = String.raw`(<(?:mailto:)?[^\s<>@|]+@[^\s<>|]+(?:\|[^<>]*)?>)`;
const DISPLAY_NAME_BEFORE_ADDRESS = new RegExp(String.raw`(^|[,;])([ \t]*)${DISPLAY_NAME}[ \t]*${ADDRESS_IN_BRACKETS}`, 'gu');

export function dropDisplayNames(line: string): string {
  return line.replace(DISPLAY_NAME_BEFORE_ADDRESS, '$1$2$3');
}

/** Refuses text over the file size limit, measured in UTF-8 bytes like an upload. */
export function assertTextSize(text: string, limits: InputLimits): void {
  // A UTF-16 unit takes at most three UTF-8 bytes, so short text never needs measuring.
  if (text.length <= limits.maxFileBytes / 3) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxFileBytes) {
    throw new InputError(
      'input_too_large',
      `The text is too large: ${formatBytes(bytes, 'up')} (the limit is ${formatBytes(limits.maxFileBytes)}).`,
    );
  }
}
