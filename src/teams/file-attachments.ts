/** Teams' attachment for a file sent to a bot in personal chat (manifest `supportsFiles: true`). */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** The parts of an activity attachment we read (SDK-neutral). */
export interface AttachmentLike {
  readonly contentType?: string | undefined;
  readonly contentUrl?: string | undefined;
  readonly name?: string | undefined;
  readonly content?: unknown;
}

export interface DownloadableFile {
  readonly name: string;
  readonly downloadUrl: string;
}

export interface MessageFiles {
  /** Files the bot can download (personal chat). */
  readonly downloadable: readonly DownloadableFile[];
  /** A file is attached in a form the bot cannot read (channel or group chat upload, a link). */
  readonly unreadable: boolean;
}

const NOT_FILES = /^(application\/vnd\.microsoft\.card\.|text\/plain$)/;

/**
 * Personal chats deliver files as `file.download.info` with a short-lived `downloadUrl`. Channels
 * and group chats deliver a `reference` to SharePoint (readable only with Graph permissions) plus a
 * `text/html` copy of the message holding `<attachment>` tags: those get a pointer to the
 * personal chat instead.
 */
export function filesOf(attachments: readonly AttachmentLike[] | undefined): MessageFiles {
  const downloadable: DownloadableFile[] = [];
  let unreadable = false;
  for (const attachment of attachments ?? []) {
    const type = attachment.contentType ?? '';
    if (type === FILE_DOWNLOAD_INFO) {
      const content = attachment.content as { downloadUrl?: unknown } | undefined;
      if (typeof content?.downloadUrl === 'string' && attachment.name) downloadable.push({ name: attachment.name, downloadUrl: content.downloadUrl });
      else unreadable = true;
    } else if (type === 'text/html') {
      if (typeof attachment.content === 'string' && /<attachment\b/i.test(attachment.content)) unreadable = true;
    } else if (!NOT_FILES.test(type) && (attachment.contentUrl || type === 'reference')) {
      unreadable = true;
    }
  }
  return { downloadable, unreadable };
}
