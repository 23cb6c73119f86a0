import { OKTA_USER_ID, type IdentifierKind } from '../identifiers.ts';
import type { InputLimits } from '../limits.ts';
import { emailProblem } from './email.ts';

/** A token that names someone, or the reason it cannot. */
export type Classified =
  | { readonly ok: true; readonly kind: IdentifierKind; readonly value: string; readonly shown: string }
  | { readonly ok: false; readonly reason: string };

export const REASONS = {
  notIdentifier: 'not an email address, Okta login or Okta user id',
  notEmail: 'not a valid email address',
  atMention: 'looks like an @mention; type their email address or Okta login instead',
} as const;

/** Okta logins that are not emails are short names: letters, digits, dot, dash, underscore. */
const LOGIN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
const HAS_ALPHANUMERIC = /[\p{L}\p{N}]/u;

// Prose and pasted lists wrap addresses in quotes, brackets, markdown and sentence punctuation.
const LEADING_WRAPPERS = /^[\s"'`‘’“”«‹([{<*~]+/u;
const TRAILING_WRAPPERS = /[\s"'`‘’“”»›)\]}>*~.,;:!?]+$/u;
const MAILTO_PREFIX = /^mailto:/i;

export function tooLong(length: number, limit: number, what = ''): string {
  return `${what}too long (${length.toLocaleString('en-US')} characters; the limit is ${limit.toLocaleString('en-US')})`;
}

/** True for tokens such as "-", "(" or "&" that cannot name anyone and are not worth a rejection. */
export function isPunctuationOnly(text: string): boolean {
  return !HAS_ALPHANUMERIC.test(text);
}

export function stripWrappers(text: string): string {
  const unwrapped = text.replace(LEADING_WRAPPERS, '').replace(MAILTO_PREFIX, '');
  return unwrapped.replace(LEADING_WRAPPERS, '').replace(TRAILING_WRAPPERS, '');
}

/**
 * Classifies one token. The unwrapped form is tried first ("alice@corp.com." is Alice), the
 * token as written second; when neither works the reason describes the unwrapped form.
 */
export function classifyToken(text: string, limits: InputLimits): Classified {
  const trimmed = text.trim();
  const stripped = stripWrappers(trimmed);
  const first = classifyExact(stripped, limits);
  if (first.ok || stripped === trimmed) return first;
  const second = classifyExact(trimmed, limits);
  return second.ok ? second : first;
}

function classifyExact(text: string, limits: InputLimits): Classified {
  if (text.length > limits.maxIdentifierLength) {
    return { ok: false, reason: tooLong(text.length, limits.maxIdentifierLength) };
  }
  if (OKTA_USER_ID.test(text)) return { ok: true, kind: 'oktaId', value: text, shown: text };
  if (text.includes('@')) {
    const problem = emailProblem(text);
    if (problem === null) return { ok: true, kind: 'email', value: text.toLowerCase(), shown: text };
    // "@alice" is almost always an unresolved chat mention rather than a broken address.
    if (text.startsWith('@') && problem === 'nothing before the @') return { ok: false, reason: REASONS.atMention };
    return { ok: false, reason: `${REASONS.notEmail} (${problem})` };
  }
  if (LOGIN.test(text) && HAS_ALPHANUMERIC.test(text)) {
    return { ok: true, kind: 'login', value: text.toLowerCase(), shown: text };
  }
  return { ok: false, reason: REASONS.notIdentifier };
}
