import { boundedDownload } from '../net/bounded-download.ts';
import { isLoopbackHost } from '../net/loopback.ts';

export type Download =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'too_large'; readonly bytes: number | null }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Downloads a Teams file attachment's `downloadUrl`: a short-lived, pre-authenticated SharePoint
 * link, fetched without any Authorization header (Teams docs: "file.download.info"), and never more
 * than `maxBytes` of it (see boundedDownload).
 */
export async function downloadAttachment(url: string, maxBytes: number): Promise<Download> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'failed', message: 'The file link Teams sent is not a URL.' };
  }
  // Only SharePoint/OneDrive over https in real life; plain http is for local tests on loopback.
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    return { kind: 'failed', message: 'The file link Teams sent is not an https link.' };
  }
  const download = await boundedDownload(parsed, maxBytes);
  if (download.kind !== 'failed') return download;
  // The link lives about an hour; an old message's link has expired.
  return { kind: 'failed', message: download.status ? `I could not download the file (HTTP ${download.status}). Send it again.` : 'I could not download the file. Send it again.' };
}
