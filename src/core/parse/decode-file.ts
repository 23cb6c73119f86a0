import { InputError } from '../errors.ts';
import type { InputLimits } from '../limits.ts';
import { formatBytes } from './format.ts';

export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const SAVE_AS_CSV = 'In Excel or Google Sheets, save or download it as CSV (UTF-8) and upload that.';

// Checked before decoding so the requester hears what the file is, not that it "is binary".
const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'looks like an Excel workbook (.xlsx); export it as CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'looks like an old Excel workbook (.xls); export it as CSV' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'is a PDF, not a list; export the list as CSV' },
];

/** Share of control characters above which "text" is really binary data. */
const MAX_CONTROL_SHARE = 0.01;

/**
 * Turns an upload into text, refusing it before any parsing when it is too large or not text.
 * Handles UTF-8 (with or without BOM) and UTF-16 with a BOM, which is what Excel's
 * "Unicode text" export produces. The returned text has no BOM.
 */
export function decodeFileText(file: UploadedFile, limits: InputLimits): string {
  const { bytes, name } = file;
  if (bytes.length > limits.maxFileBytes) {
    throw new InputError(
      'input_too_large',
      `"${name}" is too large: ${formatBytes(bytes.length, 'up')} (the limit is ${formatBytes(limits.maxFileBytes)}).`,
    );
  }
  for (const signature of SIGNATURES) {
    if (startsWith(bytes, signature.bytes)) throw binary(`"${name}" ${signature.what}. ${SAVE_AS_CSV}`);
  }
  const text = decode(bytes, name);
  if (controlShare(text) > MAX_CONTROL_SHARE) throw binary(`"${name}" does not look like a text file. ${SAVE_AS_CSV}`);
  return text;
}

function decode(bytes: Uint8Array, name: string): string {
  const notText = (): InputError => binary(`"${name}" is not UTF-8 text. ${SAVE_AS_CSV}`);
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes.subarray(2), false) ?? throwError(notText());
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes.subarray(2), true) ?? throwError(notText());
  if (bytes.includes(0)) throw binary(`"${name}" contains binary data (NUL bytes), not text. ${SAVE_AS_CSV}`);
  try {
    // The decoder drops a UTF-8 BOM itself (ignoreBOM defaults to false).
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notText();
  }
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string | null {
  if (bytes.length % 2 !== 0) return null;
  // Swap big-endian pairs ourselves: 'utf-16be' needs full ICU, 'utf-16le' is always built in.
  const littleEndian = bigEndian ? swapPairs(bytes) : bytes;
  try {
    return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(littleEndian);
  } catch {
    return null;
  }
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1] ?? 0;
    swapped[i + 1] = bytes[i] ?? 0;
  }
  return swapped;
}

function controlShare(text: string): number {
  if (text.length === 0) return 0;
  // C0 controls other than tab, LF, VT, FF, CR, plus DEL: they never appear in a typed list.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  return controls / text.length;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function binary(message: string): InputError {
  return new InputError('binary_file', message);
}

function throwError(error: Error): never {
  throw error;
}
