import { boundedDownload } from '../net/bounded-download.ts';
import { FILE_TYPES_TEXT } from './help-text.ts';

/** The fields of a Slack file object that the file flow reads. */
export interface SlackFile {
  readonly id?: string;
  readonly name?: string;
  readonly size?: number;
  readonly filetype?: string;
  readonly url_private_download?: string;
  readonly url_private?: string;
  /** Slack Connect: `file_access` with `file_access: 'check_file_info'` means "ask files.info". */
  readonly mode?: string;
  readonly file_access?: string;
}

/**
 * In channels shared with another organisation (Slack Connect) the event's file object is only
 * `{ id, mode: 'file_access', file_access: 'check_file_info' }`: name, type, size and links come
 * from files.info. A file with no name and no link at all is treated the same way.
 */
export function needsFileInfo(file: SlackFile): boolean {
  if (file.mode === 'file_access' || file.file_access === 'check_file_info') return true;
  return !file.name && !file.url_private_download && !file.url_private;
}

export type FileFetch = { readonly kind: 'ok'; readonly name: string; readonly bytes: Uint8Array } | { readonly kind: 'refused'; readonly message: string };

const TEXT_EXTENSIONS = /\.(csv|tsv|txt)$/i;
const TEXT_FILETYPES = new Set(['csv', 'tsv', 'text', 'txt']);

/**
 * Where the bot token may be sent: Slack's own file hosts, or the Web API's origin when
 * SLACK_API_URL points somewhere else (tests). A forged URL must never receive the token.
 */
export function tokenMayGoTo(url: URL, apiOrigin: string | null): boolean {
  if (apiOrigin && url.origin === apiOrigin) return true;
  return url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com'));
}

/**
 * Fetches a shared file with the bot token (Bearer), after checking what Slack says about it:
 * type and size are refused before a byte is downloaded, and the download itself is bounded.
 */
export async function fetchSlackFile(file: SlackFile, options: { token: string; maxBytes: number; apiOrigin: string | null }): Promise<FileFetch> {
  const name = file.name ?? 'file';
  if (!TEXT_EXTENSIONS.test(name) && !TEXT_FILETYPES.has(file.filetype ?? '')) {
    return { kind: 'refused', message: `I can only read CSV, TSV or TXT files, not “${name}”. ${FILE_TYPES_TEXT}` };
  }
  const limitMiB = Math.round(options.maxBytes / 1024 / 1024);
  if (typeof file.size === 'number' && file.size > options.maxBytes) {
    return { kind: 'refused', message: `“${name}” is ${(file.size / 1024 / 1024).toFixed(1)} MiB; the limit is ${limitMiB} MiB. Split it into smaller files.` };
  }
  const link = file.url_private_download ?? file.url_private;
  let url: URL | null = null;
  try {
    url = link ? new URL(link) : null;
  } catch {
    url = null;
  }
  if (!url || !tokenMayGoTo(url, options.apiOrigin)) return { kind: 'refused', message: `Slack did not give me a download link for “${name}”. Share it again.` };
  const download = await boundedDownload(url, options.maxBytes, {
    headers: { Authorization: `Bearer ${options.token}` },
    // A redirect is followed only to where the token may go as well.
    mayFollow: (next) => tokenMayGoTo(next, options.apiOrigin),
  });
  switch (download.kind) {
    case 'ok':
      return { kind: 'ok', name, bytes: download.bytes };
    case 'too_large':
      return { kind: 'refused', message: `“${name}” is over the ${limitMiB} MiB limit. Split it into smaller files.` };
    case 'failed':
      return { kind: 'refused', message: `I could not download “${name}”${download.status ? ` (HTTP ${download.status})` : ''}. Check that I am in this conversation, and share it again.` };
  }
}
