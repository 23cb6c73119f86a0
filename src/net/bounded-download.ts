export type Download =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'too_large'; readonly bytes: number | null }
  | { readonly kind: 'failed'; readonly status: number | null };

const TIMEOUT_MS = 30_000;

/**
 * GETs a file that a chat platform handed us and never holds more than `maxBytes + 1` bytes: a
 * Content-Length over the limit stops before the body, and a body that runs over is cancelled
 * mid-stream. Used for Slack's url_private_download and Teams' downloadUrl.
 */
export async function boundedDownload(url: URL, maxBytes: number, headers: Record<string, string> = {}): Promise<Download> {
  let response: Response;
  try {
    // redirect 'manual' would lose Slack's CDN hop; the Authorization header is dropped by fetch on cross-origin redirects.
    response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return { kind: 'failed', status: null };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return { kind: 'failed', status: response.status };
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel();
    return { kind: 'too_large', bytes: declared };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
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
  } catch {
    // A reset or the timeout in the middle of the body: the same as not getting it at all.
    return { kind: 'failed', status: null };
  }
  return { kind: 'ok', bytes: Buffer.concat(chunks) };
}
