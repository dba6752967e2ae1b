/**
 * Reading an input file: only a regular file, and only up to a size. A FIFO named like a source text would
 * block a reader forever while it holds the lock, and /dev/zero would grow it without end; a folder gives a
 * message that names no path. Every reader of an input (raw/, source texts, suggest's source) goes through
 * `readInput`, which opens without blocking, looks at what it opened, and reads at most `limit` bytes.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { atPath } from './environment.js';

/** What kind of thing a path is, when it is not a regular file, in words. */
export type NotReadable =
  { why: 'missing' } | { why: 'folder' } | { why: 'special'; what: string } | { why: 'too-large'; limit: number };

/** The result of reading an input: its bytes, or why it was not read. */
export type Input = { bytes: Buffer } | NotReadable;

const MIB = 1024 * 1024;

/** Largest inputs read: far above any real report or curated table, far below what would exhaust memory. */
export const INPUT_LIMITS = {
  /** A CSV or JSON file of raw/. */
  raw: 512 * MIB,
  /** A source text (a statistical bulletin is well under a megabyte; a yearbook under a few dozen). */
  text: 64 * MIB,
} as const;

function specialKind(stat: import('node:fs').Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** "is a folder", "is a named pipe (FIFO), not a file" …: what to say of a path that was not read. */
export function describeNotReadable(n: NotReadable): string {
  switch (n.why) {
    case 'missing':
      return 'no such file';
    case 'folder':
      return 'is a folder, not a file';
    case 'special':
      return `is ${n.what}, not a regular file`;
    case 'too-large':
      return `is larger than ${Math.round(n.limit / MIB)} MiB, more than any input this pipeline reads`;
  }
}

/**
 * Read `file` if it is a regular file of at most `limit` bytes (a symbolic link is followed). Errors of the
 * machine (a permission) are thrown, with the path named.
 *
 * The calls are made synchronously: a command reads its inputs one after another before it does anything else,
 * and a file of raw/ is read in a few milliseconds at most; each await of an asynchronous open, stat, read and
 * close waited for a thread of libuv's pool, a fifth of `validate`'s time on the real data (docs/performance.md).
 */
export async function readInput(file: string, limit: number): Promise<Input> {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { why: 'missing' };
    if (code === 'EISDIR') return { why: 'folder' };
    return atPath(file)(err);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { why: 'folder' };
    if (!stat.isFile()) return { why: 'special', what: specialKind(stat) };
    if (stat.size > limit) return { why: 'too-large', limit };
    // read to the end, but never past the limit: a file may grow while it is read
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(limit + 1 - total, Math.max(stat.size - total, 0) + 65536));
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return { why: 'too-large', limit };
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (err) {
    return atPath(file)(err);
  } finally {
    closeSync(fd);
  }
}
