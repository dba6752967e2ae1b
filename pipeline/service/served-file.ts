/**
 * Opening a file for `serve` so that what is read is inside the served folder, whatever happens to the
 * paths meanwhile, and tagging it with the SHA-256 of its bytes.
 *
 * A path checked before it is opened proves nothing about the file opened: any folder on the way may be
 * swapped for a link between the check and the open. So the check that counts is made on the open
 * descriptor: on Linux, the kernel's own name for it (`/proc/self/fd/N`) must lie inside the root.
 * Where that name is not available (no /proc, or a /proc that names the root otherwise), the path is
 * resolved again after the open and must lead, inside the root, to the same device and inode as the
 * descriptor. That only narrows the race (a folder swapped to a link and back between the two lookups
 * still passes), so the server says so when it starts.
 *
 * Files are opened with O_NONBLOCK, so a FIFO opens at once instead of holding a thread of the pool until
 * a writer comes, and with O_NOCTTY; anything but a regular file or a folder is then refused.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A refusal with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** `p` is `root` or below it, with no dot file or dot folder on the way (.staging/, lock files). */
export function inside(root: string, p: string): boolean {
  if (p === root) return true;
  if (!p.startsWith(root + path.sep)) return false;
  return !p
    .slice(root.length + 1)
    .split(path.sep)
    .some((seg) => seg.startsWith('.'));
}

/** Where an open descriptor really is, as the kernel names it; undefined where /proc is missing. */
export type Locate = (handle: FileHandle) => Promise<string | undefined>;

export const procLocate: Locate = async (handle) => {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return undefined;
  }
};

export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
  /** The real path it was opened by (its name gives the content type). */
  path: string;
}

/**
 * `locate` when it names an open `root` exactly, so that it can be trusted for what is below it; otherwise
 * undefined, and opened files are checked by resolving their path again.
 */
export async function probeLocate(root: string, locate: Locate = procLocate): Promise<Locate | undefined> {
  const handle = await open(root, constants.O_RDONLY);
  try {
    return (await locate(handle)) === root ? locate : undefined;
  } finally {
    await handle.close();
  }
}

/** Refuse an open descriptor that is not inside `root` (see the top of this file). */
async function checkOpened(
  root: string,
  requested: string,
  opened: OpenedFile,
  locate: Locate | undefined,
): Promise<void> {
  if (locate) {
    const where = await locate(opened.handle);
    if (where === undefined || !inside(root, where))
      throw new HttpError(403, 'the opened file is outside the served folder');
    return;
  }
  let again: string;
  let st: Stats;
  try {
    again = await realpath(requested);
    st = await stat(again);
  } catch {
    throw new HttpError(404, 'not found');
  }
  if (!inside(root, again) || st.dev !== opened.stats.dev || st.ino !== opened.stats.ino)
    throw new HttpError(403, 'the opened file is outside the served folder');
}

/**
 * Open `segments` below `root` (a real path): a regular file or a folder whose descriptor is inside
 * `root`, or an HttpError. `locate` comes from probeLocate. The caller closes the handle.
 */
export async function openInside(root: string, segments: string[], locate: Locate | undefined): Promise<OpenedFile> {
  const requested = path.join(root, ...segments);
  let real: string;
  try {
    real = await realpath(requested);
  } catch {
    throw new HttpError(404, 'not found');
  }
  // refuse early what is plainly outside, without opening it
  if (!inside(root, real)) throw new HttpError(403, 'outside the served folder');
  let handle: FileHandle;
  try {
    handle = await open(real, OPEN_FLAGS);
  } catch {
    throw new HttpError(404, 'not found');
  }
  try {
    const opened = { handle, stats: await handle.stat(), path: real };
    await checkOpened(root, requested, opened, locate);
    if (!opened.stats.isFile() && !opened.stats.isDirectory()) throw new HttpError(403, 'not a regular file');
    return opened;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

const identity = (s: Stats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

/** The SHA-256 of an open file, read from the descriptor a megabyte at a time. */
async function sha256Of(opened: OpenedFile): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let position = 0;
  for (;;) {
    const { bytesRead } = await opened.handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  // a file written in place while it was read would get a tag for bytes it never held
  if (position !== opened.stats.size || identity(await opened.handle.stat()) !== identity(opened.stats))
    throw new HttpError(503, 'the file changed while it was read; try again');
  return `"sha256-${hash.digest('base64url')}"`;
}

/**
 * Strong entity tags, `"sha256-<base64url>"`, computed once per version of a file (device, inode, size,
 * modification and change times) and kept for the next request. Requests for a file being hashed wait for
 * the same digest rather than reading it again. At most `max` tags are kept, the oldest dropped first.
 */
export class EntityTags {
  private readonly tags = new Map<string, Promise<string>>();

  constructor(private readonly max = 4096) {}

  of(opened: OpenedFile): Promise<string> {
    const key = identity(opened.stats);
    let tag = this.tags.get(key);
    if (tag === undefined) {
      tag = sha256Of(opened);
      tag.catch(() => this.tags.delete(key));
      this.tags.set(key, tag);
      if (this.tags.size > this.max) this.tags.delete(this.tags.keys().next().value!);
    }
    return tag;
  }
}
