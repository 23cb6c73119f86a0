export type Download =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'too_large'; readonly bytes: number | null }
  | { readonly kind: 'failed'; readonly message: string };

const TIMEOUT_MS = 30_000;

/**
 * Downloads a Teams file attachment's `downloadUrl`: a short-lived, pre-authenticated SharePoint
 * link, fetched without any Authorization header (Teams docs: "file.download.info"). Never holds
 * more than `maxBytes + 1` bytes: a Content-Length over the limit stops before the body, and a body
 * that runs over is cancelled mid-stream.
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
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return { kind: 'failed', message: 'I could not download the file. Send it again.' };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    // The link lives about an hour; an old message's link has expired.
    return { kind: 'failed', message: `I could not download the file (HTTP ${response.status}). Send it again.` };
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel();
    return { kind: 'too_large', bytes: declared };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { kind: 'too_large', bytes: null };
    }
    chunks.push(value);
  }
  return { kind: 'ok', bytes: Buffer.concat(chunks) };
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
