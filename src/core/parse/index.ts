/** Turning what a requester typed, pasted or uploaded into identifiers. Platform-neutral. */
export { parseIdentifierText, type ParseMode, type ParseTextOptions } from './parse-text.ts';
export { htmlToPlainText, parseIdentifierHtml, type ParseHtmlOptions } from './html.ts';
export { parseIdentifierFile, type ParseFileOptions } from './parse-file.ts';
export type { UploadedFile } from './decode-file.ts';
