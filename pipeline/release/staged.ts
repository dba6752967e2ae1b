/**
 * Writing a release's files into its staging folder (store.ts commitPublish says what the folder is for): each file
 * goes to the release folder as it is rendered, gets a hard link in `latest/`, and is compressed into the release's
 * zip on its way. `StagedRelease` does this on the thread that calls it; writer-thread.ts does the same work on a
 * thread of its own, with this class, for a large release.
 */
import { writeSync } from 'node:fs';
import { copyFile, link, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { fail } from '../core/errors.js';
import { atPath } from '../core/environment.js';
import { faultIo, faultPoint } from '../core/faults.js';
import { sha256Hash } from '../core/hash.js';
import { Utf8Chunks, type FileInfo, type RenderedFile } from './render/files.js';
import { ZipArchive } from './render/zip.js';

/**
 * What a file may be written from: text or bytes, a file rendered before, pieces made as it is written (a CSV
 * or JSON table, a few lines or records at a time), or pieces made asynchronously (a workbook, a zip) which are
 * written as they come.
 */
export type Writable =
  string | Uint8Array | RenderedFile | OwnedChunks | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/** Chunks of bytes that nobody changes again, written and hashed as they come (what writer-thread.ts is sent). */
export interface OwnedChunks {
  readonly owned: AsyncIterable<Uint8Array>;
}

/** What a publish writes a release with: `StagedRelease`, or writer-thread.ts's `ThreadedRelease`. */
export interface ReleaseWriter {
  /** Every file written so far, by path in the release (complete once `settled` resolves). */
  readonly files: Map<string, FileInfo>;
  /** A folder for scratch files (deleted with the staging folder). */
  readonly scratchDir: string;
  /** From now on, each file written goes into the zip of the release too (see StagedRelease). */
  zipAlong(relative: string, date: string): void;
  write(relative: string, content: Writable): Promise<void>;
  /** Write the zip begun by `zipAlong`, of every file written since (not itself, nor what follows). */
  writeZip(): Promise<void>;
  /** Every file handed to `write` is written, and in `files`; rejects with the first failure. */
  settled(): Promise<void>;
  /** The release is written: wait for every file, and let go of what writing it took. */
  close(): Promise<void>;
  /** Let go of what a release that will not be committed still holds open. */
  abandon(): Promise<void>;
}

export const isRendered = (content: Writable): content is RenderedFile =>
  typeof content === 'object' && 'chunks' in content && 'sha256' in content;

const isOwned = (content: Writable): content is OwnedChunks => typeof content === 'object' && 'owned' in content;

/** The pieces of a content, in order (a text or bytes whole is one piece; a rendered file, its chunks). */
export function piecesOf(content: Writable): Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string> {
  if (typeof content === 'string' || content instanceof Uint8Array) return [content];
  return isRendered(content) ? content.chunks : isOwned(content) ? content.owned : content;
}

/**
 * Whether a release's zip stores a file as it is rather than deflated: a workbook is a zip itself, and deflating it
 * again saved 3 % of its size for half a second at 100 000 figures.
 */
export const storedInZip = (relative: string): boolean => /\.xlsx$/.test(relative);

/** Join a relative file path under `dir`, refusing absolute paths and `..`. */
export function inside(dir: string, relative: string): string {
  const full = path.resolve(dir, relative);
  if (path.isAbsolute(relative) || !full.startsWith(path.resolve(dir) + path.sep))
    fail('RELEASE_PATH_ESCAPE', { path: relative, dir });
  return full;
}

/**
 * Write a whole chunk to a file, at once. A chunk of a megabyte goes to the page cache in well under a millisecond,
 * where an asynchronous write waits for a thread of libuv's pool, which zlib keeps busy while a release is zipped
 * along: writing that way left the main thread idle for a tenth of a large publish (docs/performance.md).
 */
function writeAll(fd: number, chunk: Uint8Array, file: string): void {
  try {
    for (let done = 0; done < chunk.byteLength;) done += writeSync(fd, chunk, done, chunk.byteLength - done);
  } catch (err) {
    atPath(file)(err); // ENOSPC names no path of its own
  }
}

/**
 * A release being written into its staging folder, on the calling thread: each file goes to the release folder
 * as it is rendered, and `latest/` gets a hard link to it (a copy where the file system has no hard links). Only
 * the size and digest of each file are kept, so a large release is never held in memory whole. Once `zipAlong` is
 * called, every file written is also compressed, as it is written, into the zip of the release.
 */
export class StagedRelease implements ReleaseWriter {
  readonly files = new Map<string, FileInfo>();
  private zip: { archive: ZipArchive; relative: string } | undefined;

  constructor(
    private readonly releaseDir: string,
    private readonly latestDir: string,
    /** A folder of the staging folder, outside the release, for scratch files. */
    private readonly scratch: string,
  ) {}

  get scratchDir(): string {
    return this.scratch;
  }

  /**
   * From now on, each file written goes into the zip of the release too, in the order written, stamped with
   * `date`; `writeZip` writes the zip as `relative`, of all but itself.
   */
  zipAlong(relative: string, date: string): void {
    this.zip = { archive: new ZipArchive(this.scratch, date), relative };
  }

  async write(relative: string, content: Writable): Promise<void> {
    const file = inside(this.releaseDir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    faultIo(file);
    const handle = await open(file, 'w');
    const zipped = this.zip?.archive.entry(relative, storedInZip(relative) ? 0 : 8);
    // every chunk handed here is one nobody changes again (a scratch buffer handed on whole, or a fresh Buffer)
    const put = async (chunk: Uint8Array) => {
      writeAll(handle.fd, chunk, file);
      await zipped?.push(chunk);
    };
    try {
      if (isRendered(content)) {
        for (const chunk of content.chunks) await put(chunk); // its size and digest are known already
        this.files.set(relative, { bytes: content.bytes, sha256: content.sha256 });
      } else if (isOwned(content)) {
        const hash = sha256Hash();
        let bytes = 0;
        for await (const chunk of content.owned) {
          hash.update(chunk);
          bytes += chunk.byteLength;
          await put(chunk);
        }
        this.files.set(relative, { bytes, sha256: hash.digest('hex') });
      } else {
        const out = new Utf8Chunks();
        const add = async (piece: string | Uint8Array) => {
          out.add(piece);
          for (const chunk of out.take()) await put(chunk);
        };
        const pieces = piecesOf(content);
        if (Symbol.asyncIterator in pieces) for await (const piece of pieces) await add(piece);
        else for (const piece of pieces) await add(piece);
        const { chunks, bytes, sha256 } = out.finish();
        for (const chunk of chunks) await put(chunk);
        this.files.set(relative, { bytes, sha256 });
      }
    } finally {
      await handle.close();
    }
    void zipped?.end(); // compressing goes on while the next file is written; writeZip waits for it
    const copy = inside(this.latestDir, relative);
    await mkdir(path.dirname(copy), { recursive: true });
    // release files are never written again, so latest/ may share them
    await link(file, copy).catch(() => copyFile(file, copy).catch(atPath(copy)));
    if (this.files.size === 2) faultPoint('staging-partial');
  }

  async writeZip(): Promise<void> {
    const zip = this.zip;
    if (!zip) throw new Error('writeZip without zipAlong');
    this.zip = undefined;
    await this.write(zip.relative, zip.archive.bytes());
  }

  /** Each write is done when it resolves. */
  settled(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Let go of what a release that will not be committed still holds open (its zip's compressors). */
  async abandon(): Promise<void> {
    await this.zip?.archive.discard();
    this.zip = undefined;
  }
}
