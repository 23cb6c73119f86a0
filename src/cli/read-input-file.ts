import { open } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * Reads at most `maxBytes + 1` bytes: enough for the core to say "too large" about a 50 MB file
 * without this process loading all of it.
 */
export async function readInputFile(path: string, maxBytes: number): Promise<{ name: string; bytes: Uint8Array }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { name: basename(path), bytes: buffer.subarray(0, filled) };
  } finally {
    await handle.close();
  }
}
