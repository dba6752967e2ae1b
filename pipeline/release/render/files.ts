/**
 * Release files as the release stage handles them: what is kept of a file once written (its size and
 * digest), and `Utf8Chunks`, the one place text is encoded to UTF-8 on its way to a file. Each publish makes
 * its own, so no state outlives a run.
 */
import { sha256Hash } from '../../core/hash.js';

/** What is kept of a release file once it is rendered or written: all that datapackage.json, SHA256SUMS and the page need. */
export interface FileInfo {
  readonly bytes: number;
  readonly sha256: string;
}

/** A file rendered in memory as UTF-8 chunks (a CSV table, hashed for the content hash before anything is written). */
export interface RenderedFile extends FileInfo {
  readonly chunks: readonly Buffer[];
}

export { sha256 } from '../../core/hash.js';

/** Chunks of about this size leave the scratch buffer. */
const CHUNK_BYTES = 1 << 20;

/**
 * Text and bytes encoded to UTF-8 into a scratch buffer, and moved out a chunk of about a megabyte at a time,
 * counted and hashed as they go: the scratch itself becomes the chunk and a new one is taken, rather than each
 * chunk copied out of one reused scratch. Encoding each piece straight into the
 * scratch is much faster than a new Buffer per piece, or joining the pieces first (docs/performance.md).
 */
export class Utf8Chunks {
  private scratch = Buffer.allocUnsafe(CHUNK_BYTES);
  constructor(
    /** Whether the chunks are kept for the caller (false: only counted and hashed, see digestOf). */
    private readonly keep = true,
    /** Whether they are hashed here (false: by the thread they are sent to, writer-thread.ts). */
    hashed = true,
  ) {
    this.hash = hashed ? sha256Hash() : undefined;
  }

  private used = 0;
  private ready: Buffer[] = [];
  private readonly hash: ReturnType<typeof sha256Hash> | undefined;
  private bytes = 0;

  add(piece: string | Uint8Array): void {
    const most = typeof piece === 'string' ? piece.length * 3 : piece.byteLength;
    if (this.used + most > this.scratch.length) {
      this.moveOut();
      if (most > this.scratch.length) this.scratch = Buffer.allocUnsafe(most);
    }
    this.used +=
      typeof piece === 'string'
        ? this.scratch.write(piece, this.used)
        : (this.scratch.set(piece, this.used), piece.byteLength);
  }

  /** The chunks full so far, handed over (to be written and let go). */
  take(): Buffer[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** Every chunk not yet taken, and the size and digest of everything added (no digest where not hashed). */
  finish(): RenderedFile {
    this.moveOut();
    return { chunks: this.take(), bytes: this.bytes, sha256: this.hash?.digest('hex') ?? '' };
  }

  private moveOut(): void {
    if (this.used === 0) return;
    const chunk = this.scratch.subarray(0, this.used);
    this.hash?.update(chunk);
    this.bytes += chunk.byteLength;
    if (this.keep) {
      // the full scratch is handed on as the chunk and a new one taken, rather than the chunk copied out of it;
      // where the chunk is only hashed, the scratch is used again
      this.ready.push(chunk);
      this.scratch = Buffer.allocUnsafe(CHUNK_BYTES);
    }
    this.used = 0;
  }
}

/** The size and digest of text made in pieces, without keeping it. */
export function digestOf(pieces: Iterable<string | Uint8Array>): FileInfo {
  const out = new Utf8Chunks(false);
  for (const piece of pieces) out.add(piece);
  const { bytes, sha256 } = out.finish();
  return { bytes, sha256 };
}
