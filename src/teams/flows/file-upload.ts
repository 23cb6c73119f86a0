import { isCoreError } from '../../core/errors.ts';
import { fileFormat } from '../../core/parse/file-format.ts';
import type { Requester } from '../../core/requester.ts';
import type { ResendService } from '../../core/resend-service.ts';
import type { DownloadableFile } from '../file-attachments.ts';
import { downloadAttachment, type DownloadPolicy } from '../file-download.ts';
import type { Thread } from '../thread.ts';
import { postOutcome } from './present-outcome.ts';

/**
 * A file sent to the bot in personal chat. The name is checked before anything is downloaded (a
 * workbook or a PDF is refused by name), the download never holds more than the size limit, and
 * the core refuses binary content, unknown columns and too many rows before any Okta call.
 * `timeZone`: the sender's (the message's localTimezone), for the plan's Schedule form.
 */
export async function planFromFile(service: ResendService, thread: Thread, requester: Requester, file: DownloadableFile, policy: DownloadPolicy, timeZone: string | null = null): Promise<void> {
  try {
    fileFormat(file.name);
  } catch (error) {
    if (isCoreError(error)) return void (await thread.say(error.message));
    throw error;
  }
  const limit = service.settings.limits.maxFileBytes;
  const download = await downloadAttachment(file.downloadUrl, limit, policy);
  if (download.kind === 'failed') return void (await thread.say(download.message));
  if (download.kind === 'too_large') {
    const size = download.bytes === null ? `over ${megabytes(limit)}` : megabytes(download.bytes);
    return void (await thread.say(`"${file.name}" is too large: ${size} (the limit is ${megabytes(limit)}). Split it into smaller files.`));
  }
  await postOutcome(thread, await service.prepare(requester, { kind: 'file', name: file.name, bytes: download.bytes }), timeZone);
}

function megabytes(bytes: number): string {
  return `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1).replace(/\.0$/, '')} MB`;
}
