/**
 * Email address syntax, deliberately close to what Okta accepts for a login/email:
 * RFC 5322 "dot-atom" local part and a DNS domain with at least one dot. Letters and
 * digits may be non-ASCII (internationalised addresses exist in real directories).
 */

const LOCAL_PART = /^[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u;
const MAX_LOCAL_PART = 64;

/** Why `text` is not a usable email address, or null when it is one. */
export function emailProblem(text: string): string | null {
  const at = text.indexOf('@');
  if (at !== text.lastIndexOf('@')) return 'more than one @';
  if (/\s/u.test(text)) return 'it contains a space';
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local === '') return 'nothing before the @';
  if (domain === '') return 'nothing after the @';
  if (local.length > MAX_LOCAL_PART) return 'the part before the @ is too long';
  if (!LOCAL_PART.test(local)) return 'the part before the @ is not valid';
  const labels = domain.split('.');
  if (labels.length < 2) return 'the domain needs a dot, like corp.com';
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return 'the domain is not valid';
  // A numeric top-level "domain" is an IP address or a typo, never a mailbox domain.
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return 'the domain is not valid';
  return null;
}
