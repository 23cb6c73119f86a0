/**
 * Splits one line of chat text into tokens. Slack sends message and command text "escaped":
 * links, mentions and auto-linked emails arrive as `<…>` segments and a typed `<`, `>` or `&`
 * arrives as `&lt;`, `&gt;`, `&amp;`. Angle segments are kept whole because their labels may
 * contain spaces or commas.
 */

export type Token =
  /** Text that may name someone; `raw` is as received, `text` is what the requester saw. */
  | { readonly kind: 'text'; readonly raw: string; readonly text: string }
  /** The address of a Slack `<mailto:…>` link: it must be an email. */
  | { readonly kind: 'mailto'; readonly raw: string; readonly text: string }
  /** Slack markup that is certainly not a person's identifier (mentions, links). */
  | { readonly kind: 'markup'; readonly raw: string; readonly reason: string };

export const SLACK_REASONS = {
  mention: "a Slack mention, not a person's email",
  userMention: 'a Slack user mention, not an email; type their email address or Okta login instead',
  channel: 'a Slack channel, not a person',
  link: 'a link, not an email address or login',
} as const;

// An escaped "&lt;" is part of its token even though it ends in a semicolon.
const TOKEN = /<[^<>\n]*>|<?(?:&(?:lt|gt|amp);|[^\s,;<])+|</gu;
const SEPARATORS = /[\s,;]+/u;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function tokenizeLine(line: string): Token[] {
  const tokens: Token[] = [];
  for (const match of line.matchAll(TOKEN)) {
    const raw = match[0];
    if (raw.length > 2 && raw.startsWith('<') && raw.endsWith('>')) tokens.push(...angleTokens(raw));
    else tokens.push({ kind: 'text', raw, text: decodeSlackEntities(raw) });
  }
  return tokens;
}

function angleTokens(raw: string): Token[] {
  const inner = raw.slice(1, -1);
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : decodeSlackEntities(inner.slice(bar + 1));
  if (/^mailto:/i.test(target)) return [{ kind: 'mailto', raw, text: mailtoAddress(target.slice('mailto:'.length)) }];
  if (target.startsWith('@')) return [{ kind: 'markup', raw, reason: SLACK_REASONS.userMention }];
  if (target.startsWith('!')) return [{ kind: 'markup', raw, reason: SLACK_REASONS.mention }];
  if (target.startsWith('#')) return [{ kind: 'markup', raw, reason: SLACK_REASONS.channel }];
  if (URL_SCHEME.test(target)) {
    // Slack auto-links bare text that looks like a domain ("maria.es" becomes
    // <http://maria.es|maria.es>); such a short login deserves to be read as typed.
    if (label !== '' && /^https?:\/\//i.test(target) && target.replace(/^https?:\/\//i, '') === label) {
      return [{ kind: 'text', raw, text: label }];
    }
    return [{ kind: 'markup', raw, reason: SLACK_REASONS.link }];
  }
  // Not Slack markup: text such as "Alice <alice@corp.com>" typed into a terminal or file.
  return decodeSlackEntities(inner)
    .split(SEPARATORS)
    .filter((part) => part !== '')
    .map((part) => ({ kind: 'text', raw: part, text: part }));
}

/** The address of a mailto URL: query (`?subject=`) dropped, percent-escapes decoded. */
export function mailtoAddress(url: string): string {
  const address = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(address);
  } catch {
    return address;
  }
}
