/**
 * Label values are codes the bot chose (a surface, an outcome, a reason, an error class), never
 * what a person typed or Okta named. Anything else, an email or an id slipping into a field that
 * was meant to hold a code, becomes `other`: a label must not carry a user's identity, and each
 * new value is a new time series kept by Prometheus for as long as it retains data.
 */
const CODE = /^[a-z][a-z0-9_]{0,47}$/;

export function codeLabel(value: string | null | undefined, absent = 'none'): string {
  if (value === null || value === undefined || value === '') return absent;
  return CODE.test(value) ? value : 'other';
}
