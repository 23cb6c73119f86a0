import { boundedDownload } from '../net/bounded-download.ts';
import { isLoopbackHost } from '../net/loopback.ts';

export type Download =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'too_large'; readonly bytes: number | null }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Where Teams keeps files sent to a bot in personal chat: the sender's OneDrive for Business
 * (`<tenant>-my.sharepoint.com`), in the public cloud or a national one, or consumer OneDrive. The
 * `downloadUrl` comes from the activity, so anything else is refused rather than fetched (the server
 * must not be made to GET arbitrary URLs, such as an internal address).
 */
const FILE_HOST_SUFFIXES = ['.sharepoint.com', '.sharepoint.us', '.sharepoint-mil.us', '.sharepoint.de', '.sharepoint.cn', '.1drv.com'];
const FILE_HOSTS = new Set(['onedrive.live.com']);

export interface DownloadPolicy {
  /** Unauthenticated local testing only: http and https links to this machine are allowed too. */
  readonly allowLoopback: boolean;
}

/** null when the link may be fetched; otherwise what to tell the person. */
export function refusalOf(url: URL, policy: DownloadPolicy): string | null {
  const host = url.hostname.toLowerCase();
  if (policy.allowLoopback && isLoopbackHost(host) && (url.protocol === 'http:' || url.protocol === 'https:')) return null;
  if (url.protocol !== 'https:') return 'The file link Teams sent is not an https link.';
  if (FILE_HOSTS.has(host) || FILE_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix))) return null;
  return 'The file link Teams sent does not point to SharePoint or OneDrive, so I did not open it.';
}

/**
 * Downloads a Teams file attachment's `downloadUrl`: a short-lived, pre-authenticated SharePoint
 * link, fetched without any Authorization header (Teams docs: "file.download.info"), and never more
 * than `maxBytes` of it (see boundedDownload).
 */
export async function downloadAttachment(url: string, maxBytes: number, policy: DownloadPolicy): Promise<Download> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'failed', message: 'The file link Teams sent is not a URL.' };
  }
  const refusal = refusalOf(parsed, policy);
  if (refusal) return { kind: 'failed', message: refusal };
  const download = await boundedDownload(parsed, maxBytes, { mayFollow: (next) => refusalOf(next, policy) === null });
  if (download.kind !== 'failed') return download;
  // The link lives about an hour; an old message's link has expired.
  return { kind: 'failed', message: download.status ? `I could not download the file (HTTP ${download.status}). Send it again.` : 'I could not download the file. Send it again.' };
}
