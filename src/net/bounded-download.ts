export type Download =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'too_large'; readonly bytes: number | null }
  | { readonly kind: 'failed'; readonly status: number | null };

const TIMEOUT_MS = 30_000;

/** How many redirects a download may follow, each to a host the caller accepts. */
const MAX_REDIRECTS = 5;

export interface DownloadOptions {
  readonly headers?: Record<string, string>;
  /**
   * Every redirect target is checked with this before it is fetched (and before the headers, which
   * may carry a token, go to it). Without it redirects are not followed at all.
   */
  readonly mayFollow?: (url: URL) => boolean;
}

/**
 * GETs a file that a chat platform handed us and never holds more than `maxBytes + 1` bytes: a
 * Content-Length over the limit stops before the body, and a body that runs over is cancelled
 * mid-stream. Used for Slack's url_private_download and Teams' downloadUrl.
 */
export async function boundedDownload(url: URL, maxBytes: number, options: DownloadOptions = {}): Promise<Download> {
  let response: Response;
  let target = url;
  try {
    for (let hop = 0; ; hop++) {
      response = await fetch(target, { headers: options.headers ?? {}, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
      if (!location) break;
      await response.body?.cancel();
      const next = new URL(location, target);
      if (hop >= MAX_REDIRECTS || !options.mayFollow?.(next)) return { kind: 'failed', status: response.status };
      target = next;
    }
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
