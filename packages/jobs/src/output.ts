// A job's output on disk: appended as it streams, rewritten once from OpenCode's messages when
// the job ends (so a restart that missed part of the stream still leaves the whole answer),
// read back in pages by byte offset without ever splitting a character.
import { appendFileSync } from 'node:fs';
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';

export const DEFAULT_PAGE_BYTES = 64 * 1024;
export const TAIL_CHARS = 500;

export function appendOutput(file: string, text: string): void {
  appendFileSync(file, text, { mode: 0o600 });
}

/** Replaces the output with `text` cut to `maxBytes` (on a character boundary); returns its size in bytes. */
export async function replaceOutput(file: string, text: string, maxBytes: number): Promise<number> {
  const bytes = capBytes(Buffer.from(text, 'utf8'), maxBytes);
  const temp = `${file}.tmp`;
  await writeFile(temp, bytes, { mode: 0o600 });
  await rename(temp, file);
  return bytes.length;
}

/** `bytes` cut to at most `max`, without leaving half a UTF-8 character at the end. */
export function capBytes(bytes: Buffer, max: number): Buffer {
  if (max <= 0 || bytes.length <= max) return bytes;
  return bytes.subarray(0, completeLength(bytes.subarray(0, max)));
}

/** The text `text` cut to at most `max` UTF-8 bytes, on a character boundary. */
export function capText(text: string, max: number): string {
  return capBytes(Buffer.from(text, 'utf8'), max).toString('utf8');
}

export async function outputSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

export async function readPage(file: string, offset: number, limit: number): Promise<{ content: string; nextOffset: number; totalSize: number }> {
  const totalSize = await outputSize(file);
  if (offset >= totalSize) return { content: '', nextOffset: Math.max(offset, totalSize), totalSize };
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(limit, totalSize - offset));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    const read = buffer.subarray(0, bytesRead);
    // Stop before a character the page would cut; the next page starts with it.
    const whole = offset + bytesRead < totalSize ? completeLength(read) : read.length;
    // A page of one multi-byte character larger than `limit` still moves forward.
    const length = whole === 0 ? read.length : whole;
    return { content: read.subarray(0, length).toString('utf8'), nextOffset: offset + length, totalSize };
  } finally {
    await handle.close();
  }
}

export async function readTail(file: string, chars = TAIL_CHARS): Promise<string> {
  const size = await outputSize(file);
  if (size === 0) return '';
  const from = Math.max(0, size - chars * 4);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    // Skip continuation bytes of a character that started before `from`.
    let start = 0;
    while (from > 0 && start < buffer.length && ((buffer[start] ?? 0) & 0xc0) === 0x80) start += 1;
    const text = buffer.subarray(start).toString('utf8');
    return [...text].slice(-chars).join('');
  } finally {
    await handle.close();
  }
}

export async function removeOutput(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** How many leading bytes of `bytes` are whole UTF-8 characters. */
function completeLength(bytes: Buffer): number {
  let end = bytes.length;
  // Walk back over at most three continuation bytes to the lead byte of the last character.
  let back = 0;
  while (back < 4 && end - back - 1 >= 0 && ((bytes[end - back - 1] ?? 0) & 0xc0) === 0x80) back += 1;
  const leadAt = end - back - 1;
  if (leadAt < 0) return end;
  const lead = bytes[leadAt] ?? 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (back + 1 < need) end = leadAt;
  return end;
}
