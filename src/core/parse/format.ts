/** Small formatting helpers for the messages the requester reads. */

const KB = 1024;
const MB = 1024 * 1024;

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Sizes with one decimal. `round` lets a file just over the limit read as over it
 * ("5.1 MB, the limit is 5 MB") instead of both rounding to the same number.
 */
export function formatBytes(bytes: number, round: 'up' | 'down' = 'down'): string {
  const unit = bytes >= MB ? { size: MB, name: 'MB' } : bytes >= KB ? { size: KB, name: 'KB' } : null;
  if (!unit) return `${formatCount(bytes)} bytes`;
  const scaled = (bytes / unit.size) * 10;
  const tenths = round === 'up' ? Math.ceil(scaled) : Math.floor(scaled);
  return `${(tenths / 10).toFixed(1).replace(/\.0$/, '')} ${unit.name}`;
}

const PREVIEW_CHARS = 80;

/**
 * The start of an over-long entry. Echoing a 10,000-character row back to the requester
 * helps nobody and can overflow a chat message; the reason already says it is too long.
 */
export function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
