import { isLoopbackHost } from '../net/loopback.ts';

export { isLoopbackHost };

/**
 * Validates and normalises an Okta org URL: https anywhere, http only on loopback (an API token
 * sent over plain http to a real host would be readable on the wire). No path, no trailing slash.
 */
export function normaliseOrgUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`not a URL: "${raw}" (expected e.g. https://your-org.okta.com)`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error('must use https:// (http:// is accepted only for localhost / 127.0.0.1, e.g. the simulator)');
  }
  if (url.pathname !== '/' && url.pathname !== '') throw new Error('must be the org URL without a path, e.g. https://your-org.okta.com');
  if (url.username || url.password || url.search || url.hash) throw new Error('must not carry credentials, a query or a fragment');
  return url.origin;
}
