/**
 * A zip archive (PKWARE APPNOTE: a local header and deflated data per entry, then the central directory), as
 * much as a workbook needs: deflate only, no zip64 (every size and offset under 4 GiB), ASCII names, and every
 * entry stamped with one date at 00:00:00, so the same content always gives the same bytes.
 *
 * A large entry is written a chunk at a time: zlib compresses each chunk on its thread pool while the caller
 * makes the next, and the CRC-32 is taken as the chunks go by (`zlib.crc32`, Node 20.15 and later).
 */
import { once } from 'node:events';
import { constants, crc32, createDeflateRaw, deflateRawSync, type DeflateRaw } from 'node:zlib';

/**
 * zlib's fastest level: at 100 000 figures it compresses the workbook's XML (about 130 MB) to about the size
 * exceljs's writer made (20 MB), in less time than the main thread takes to write the XML; the default level
 * (6) saves a fifth of the size for about three times the compression time, which then held the writer up.
 */
const LEVEL = constants.Z_BEST_SPEED;
const MAX_32 = 0xffffffff;

interface Entry {
  name: Buffer;
  crc: number;
  size: number;
  compressedSize: number;
  offset: number;
}

/** The MS-DOS date of a YYYY-MM-DD date (1980 to 2107), as zip headers hold it. */
export function dosDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!(y >= 1980 && y <= 2107)) throw new Error(`zip: ${date} is not a date from 1980 to 2107`);
  return ((y - 1980) << 9) | (mo << 5) | d;
}

/** An entry being written a chunk at a time; its compressed bytes are kept until `end`. */
export class ZipEntryWriter {
  private crc = 0;
  private size = 0;
  private readonly compressed: Buffer[] = [];
  private readonly deflate: DeflateRaw = createDeflateRaw({ level: LEVEL });

  constructor(
    private readonly zip: ZipWriter,
    private readonly name: string,
  ) {
    this.deflate.on('data', (chunk: Buffer) => this.compressed.push(chunk));
  }

  /** Add a chunk. Resolves once zlib has read it: until then the chunk must not change. */
  write(chunk: Buffer): Promise<void> {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    return new Promise((resolve, reject) => this.deflate.write(chunk, (e) => (e ? reject(e) : resolve())));
  }

  /** Finish the entry and add it to the archive. */
  async end(): Promise<void> {
    const done = once(this.deflate, 'end');
    this.deflate.end();
    await done;
    this.zip.add(this.name, this.crc, this.size, this.compressed);
  }
}

export class ZipWriter {
  private readonly chunks: Buffer[] = [];
  private readonly entries: Entry[] = [];
  private offset = 0;
  private readonly date: number;

  /** `date` (YYYY-MM-DD) is every entry's modification date, at 00:00:00. */
  constructor(date: string) {
    this.date = dosDate(date);
  }

  /** A whole entry at once (a small part). */
  file(name: string, content: string | Buffer): void {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.add(name, crc32(data), data.length, [deflateRawSync(data, { level: LEVEL })]);
  }

  /** An entry written a chunk at a time (see ZipEntryWriter); entries are stored in the order they end. */
  stream(name: string): ZipEntryWriter {
    return new ZipEntryWriter(this, name);
  }

  /** @internal An entry whose data is compressed: its local header, then the data. */
  add(name: string, crc: number, size: number, compressed: Buffer[]): void {
    const compressedSize = compressed.reduce((n, c) => n + c.length, 0);
    if (size > MAX_32 || compressedSize > MAX_32 || this.offset > MAX_32)
      throw new Error(`zip: ${name} is too large for a zip without zip64`);
    const entry: Entry = { name: Buffer.from(name, 'ascii'), crc, size, compressedSize, offset: this.offset };
    this.entries.push(entry);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    this.common(header, 4, entry);
    this.push(header, entry.name, ...compressed);
  }

  /** The archive: every entry, then the central directory and its end record. */
  finish(): Buffer[] {
    const start = this.offset;
    for (const entry of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: version 2.0, MS-DOS attributes
      this.common(header, 6, entry);
      // comment length, disk, internal and external attributes: 0
      header.writeUInt32LE(entry.offset, 42);
      this.push(header, entry.name);
    }
    if (this.offset > MAX_32 || this.entries.length > 0xffff) throw new Error('zip: too large for a zip without zip64');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.push(end);
    return this.chunks;
  }

  /** The fields local headers and central directory entries share, from `at` (version needed … name length). */
  private common(header: Buffer, at: number, entry: Entry): void {
    header.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
    header.writeUInt16LE(0, at + 2); // flags: none
    header.writeUInt16LE(8, at + 4); // method: deflate
    header.writeUInt16LE(0, at + 6); // time 00:00:00
    header.writeUInt16LE(this.date, at + 8);
    header.writeUInt32LE(entry.crc >>> 0, at + 10);
    header.writeUInt32LE(entry.compressedSize, at + 14);
    header.writeUInt32LE(entry.size, at + 18);
    header.writeUInt16LE(entry.name.length, at + 22);
  }

  private push(...chunks: Buffer[]): void {
    for (const c of chunks) {
      this.chunks.push(c);
      this.offset += c.length;
    }
  }
}
