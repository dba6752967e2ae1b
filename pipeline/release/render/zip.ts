/**
 * A zip archive (PKWARE APPNOTE 6.3): a local header and deflated data per entry, then the central directory; deflate,
 * or stored as it is for data that is compressed already (a workbook: deflating it again took half a second at 100 000
 * figures to save 3 % of its size), ASCII names, and every entry stamped with one date at 00:00:00, so the same content
 * always gives the same bytes. Both a workbook (.xlsx) and the zip of a whole release are written with it.
 *
 * An archive is written in two steps, so that it is never held in memory and each header is written once, whole:
 * while an entry is made, its deflated data goes to a scratch file of its own (zlib compresses on its thread pool
 * while the caller makes the next chunk, and entries made one after another may still be compressing side by
 * side); `bytes()` then yields the archive, each entry's local header (its CRC-32 and sizes now known) followed by
 * its data read back from the scratch file, and the central directory. Deflate's output does not depend on how
 * its input is cut into chunks, so neither do the bytes of the archive.
 *
 * zip64 records are written only where a size, an offset or the number of entries does not fit the classic
 * fields (a release of millions of figures has JSON files over 4 GiB): an archive that fits is byte for byte what
 * it always was.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, createDeflateRaw, deflateRawSync, type DeflateRaw, type ZlibOptions } from 'node:zlib';

/**
 * zlib's fastest level: at 100 000 figures it compresses the workbook's XML (about 130 MB) to about the size
 * exceljs's writer made (20 MB), in less time than the main thread takes to write the XML; the default level
 * (6) saves a fifth of the size for about three times the compression time, which then held the writer up.
 */
const LEVEL = constants.Z_BEST_SPEED;
/** The largest value of a classic 32-bit field; a value at or above it is written in a zip64 record. */
const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;
/** Input zlib may hold before `push` waits for it: enough that the caller rarely waits for the compressor. */
const PENDING_BYTES = 16 << 20;

/** How an entry's data is held: deflated (8), or stored as it is (0), for data compressed already (a workbook). */
export type ZipMethod = 0 | 8;

interface Entry {
  name: Buffer;
  method: ZipMethod;
  crc: number;
  size: number;
  compressedSize: number;
  /** The deflated data: in memory (a small part), or in a scratch file until `bytes()` reads it. */
  data: Buffer[] | string;
  /** The writer of an entry written a chunk at a time. */
  writer?: ZipEntryWriter;
}

/** The MS-DOS date of a YYYY-MM-DD date (1980 to 2107), as zip headers hold it. */
export function dosDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!(y >= 1980 && y <= 2107)) throw new Error(`zip: ${date} is not a date from 1980 to 2107`);
  return ((y - 1980) << 9) | (mo << 5) | d;
}

/** An entry being written a chunk at a time; its deflated data goes to a scratch file. */
export class ZipEntryWriter {
  private crc = 0;
  private size = 0;
  ended = false;
  /** zlib's compressor; for a stored entry, a stream that passes the data on as it is. */
  private readonly deflate: DeflateRaw | Transform;
  private readonly written: Promise<void>;

  constructor(
    private readonly entry: Entry,
    file: string,
  ) {
    this.deflate =
      entry.method === 8
        ? // Node passes the stream options on to the Transform (its types know only zlib's)
          createDeflateRaw({ level: LEVEL, chunkSize: 1 << 18, writableHighWaterMark: PENDING_BYTES } as ZlibOptions)
        : new PassThrough({ writableHighWaterMark: PENDING_BYTES });
    const out = createWriteStream(file);
    this.written = pipeline(this.deflate, out).then(() => void (entry.compressedSize = out.bytesWritten));
    // a failure is raised by `end` or `bytes()`; until then it must not be an unhandled rejection
    this.written.catch(() => undefined);
  }

  /** Add a chunk the caller reuses: resolves once zlib has read it, and until then the chunk must not change. */
  write(chunk: Uint8Array): Promise<void> {
    this.count(chunk);
    return new Promise((resolve, reject) => this.deflate.write(chunk, (e) => (e ? reject(e) : resolve())));
  }

  /**
   * Add a chunk the caller never changes again: resolves after a turn of the event loop, or once zlib has caught up
   * where it is far behind. The turn matters: zlib compresses on a thread of its own, but it is handed each next
   * piece of work by this thread, in a callback; a caller that renders one chunk after another, awaiting only
   * promises, would leave zlib waiting until the queue is full, and then wait for it itself (a twelfth of a publish
   * of 100 000 figures idle; docs/performance.md).
   */
  async push(chunk: Uint8Array): Promise<void> {
    this.count(chunk);
    if (!this.deflate.write(chunk)) await Promise.race([once(this.deflate, 'drain'), this.written]);
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** The entry is complete: it is added to the archive, and its data finishes compressing meanwhile. */
  end(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.entry.crc = this.crc;
      this.entry.size = this.size;
      this.deflate.end();
    }
    return this.written;
  }

  /** Stop compressing (the archive was abandoned). */
  destroy(): void {
    this.ended = true;
    this.deflate.destroy();
  }

  private count(chunk: Uint8Array): void {
    if (this.ended) throw new Error('zip: a chunk after the end of the entry');
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.byteLength;
  }
}

/**
 * A zip archive being made (see the module comment). Entries are stored in the order they are begun; each must
 * be ended before `bytes()`.
 */
export class ZipArchive {
  private readonly entries: Entry[] = [];
  private readonly date: number;
  private scratchFiles = 0;
  /** Names this archive's scratch files apart from another's in the same folder (a test runs several at once). */
  private readonly id = randomBytes(6).toString('hex');

  /**
   * `scratch` is an existing folder for the entries' data (each file is deleted once read back); `date`
   * (YYYY-MM-DD) is every entry's modification date, at 00:00:00. `zip64From` is the value from which a field
   * goes to a zip64 record: 2^32 - 1, but a test may lower it to see an archive with zip64 records.
   */
  constructor(
    private readonly scratch: string,
    date: string,
    private readonly zip64From = MAX_32,
  ) {
    this.date = dosDate(date);
  }

  /** A whole entry at once (a small part, kept in memory). */
  file(name: string, content: string | Uint8Array): void {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const compressed = deflateRawSync(data, { level: LEVEL });
    this.entries.push({
      name: this.nameOf(name),
      method: 8,
      crc: crc32(data),
      size: data.byteLength,
      compressedSize: compressed.length,
      data: [compressed],
    });
  }

  /** An entry written a chunk at a time (see ZipEntryWriter), deflated unless `method` says to store it. */
  entry(name: string, method: ZipMethod = 8): ZipEntryWriter {
    const file = path.join(this.scratch, `zip-${this.id}-${++this.scratchFiles}.deflate`);
    const entry: Entry = { name: this.nameOf(name), method, crc: 0, size: 0, compressedSize: 0, data: file };
    entry.writer = new ZipEntryWriter(entry, file);
    this.entries.push(entry);
    return entry.writer;
  }

  /** The archive's bytes: every entry, then the central directory; the scratch files are deleted as they are read. */
  async *bytes(): AsyncGenerator<Buffer> {
    const offsets: number[] = [];
    let offset = 0;
    for (const entry of this.entries) {
      if (entry.writer && !entry.writer.ended) throw new Error(`zip: ${entry.name} was not ended`);
      await entry.writer?.end(); // its data written to the scratch file
      offsets.push(offset);
      const header = this.localHeader(entry);
      yield header;
      offset += header.length;
      if (typeof entry.data === 'string') {
        const file = entry.data;
        for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
          offset += chunk.length;
          yield chunk;
        }
        await rm(file, { force: true });
      } else
        for (const chunk of entry.data) {
          offset += chunk.length;
          yield chunk;
        }
    }
    const start = offset;
    for (let i = 0; i < this.entries.length; i++) {
      const header = this.centralHeader(this.entries[i]!, offsets[i]!);
      offset += header.length;
      yield header;
    }
    yield* this.end(this.entries.length, offset - start, start);
  }

  /** Delete the scratch files left (the archive was abandoned). */
  async discard(): Promise<void> {
    for (const entry of this.entries) {
      entry.writer?.destroy();
      if (typeof entry.data === 'string') await rm(entry.data, { force: true });
    }
  }

  private nameOf(name: string): Buffer {
    if (!/^[\x20-\x7e]+$/.test(name)) throw new Error(`zip: ${JSON.stringify(name)} is not an ASCII name`);
    return Buffer.from(name, 'ascii');
  }

  private large(entry: Entry): boolean {
    return entry.size >= this.zip64From || entry.compressedSize >= this.zip64From;
  }

  private localHeader(entry: Entry): Buffer {
    const zip64 = this.large(entry);
    const header = Buffer.alloc(30 + entry.name.length + (zip64 ? 20 : 0));
    header.writeUInt32LE(0x04034b50, 0);
    this.common(header, 4, entry, zip64 ? 45 : 20, zip64);
    entry.name.copy(header, 30);
    if (zip64) {
      // the zip64 extended information: both sizes, as a local header must give them
      header.writeUInt16LE(20, 28); // extra field length
      const at = 30 + entry.name.length;
      header.writeUInt16LE(0x0001, at);
      header.writeUInt16LE(16, at + 2);
      header.writeBigUInt64LE(BigInt(entry.size), at + 4);
      header.writeBigUInt64LE(BigInt(entry.compressedSize), at + 12);
    }
    return header;
  }

  private centralHeader(entry: Entry, offset: number): Buffer {
    // in the central directory, only the fields that do not fit go to the zip64 record, in this order
    const wide = [
      entry.size >= this.zip64From ? entry.size : undefined,
      entry.compressedSize >= this.zip64From ? entry.compressedSize : undefined,
      offset >= this.zip64From ? offset : undefined,
    ].filter((v): v is number => v !== undefined);
    const extra = wide.length ? 4 + 8 * wide.length : 0;
    const header = Buffer.alloc(46 + entry.name.length + extra);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(wide.length ? 45 : 20, 4); // made by: version 2.0 (4.5 with zip64), MS-DOS attributes
    this.common(header, 6, entry, wide.length ? 45 : 20, false);
    // comment length, disk, internal and external attributes: 0
    header.writeUInt32LE(offset >= this.zip64From ? MAX_32 : offset, 42);
    entry.name.copy(header, 46);
    if (extra) {
      header.writeUInt16LE(extra, 30); // extra field length
      const at = 46 + entry.name.length;
      header.writeUInt16LE(0x0001, at);
      header.writeUInt16LE(extra - 4, at + 2);
      wide.forEach((v, i) => header.writeBigUInt64LE(BigInt(v), at + 4 + 8 * i));
    }
    return header;
  }

  /** The end of the central directory, with the zip64 end record and its locator first where a field needs them. */
  private *end(count: number, size: number, start: number): Generator<Buffer> {
    const zip64 = count >= Math.min(MAX_16, this.zip64From) || size >= this.zip64From || start >= this.zip64From;
    if (zip64) {
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4); // the size of the rest of the record
      record.writeUInt16LE(45, 12); // made by
      record.writeUInt16LE(45, 14); // version needed
      // this disk and the disk of the central directory: 0
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(size), 40);
      record.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(start + size), 8); // where the zip64 end record is
      locator.writeUInt32LE(1, 16); // disks: 1
      yield record;
      yield locator;
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(zip64 ? MAX_16 : count, 8);
    end.writeUInt16LE(zip64 ? MAX_16 : count, 10);
    end.writeUInt32LE(zip64 ? MAX_32 : size, 12);
    end.writeUInt32LE(zip64 ? MAX_32 : start, 16);
    yield end;
  }

  /** The fields local headers and central directory entries share, from `at` (version needed … name length). */
  private common(header: Buffer, at: number, entry: Entry, version: number, zip64Sizes: boolean): void {
    header.writeUInt16LE(version, at); // version needed: 2.0 (deflate), 4.5 (zip64)
    header.writeUInt16LE(0, at + 2); // flags: none
    header.writeUInt16LE(entry.method, at + 4); // method: deflate (8) or stored (0)
    header.writeUInt16LE(0, at + 6); // time 00:00:00
    header.writeUInt16LE(this.date, at + 8);
    header.writeUInt32LE(entry.crc >>> 0, at + 10);
    // a size that does not fit is in the zip64 record (a local header's zip64 record holds both sizes)
    const fits = (n: number) => !zip64Sizes && n < this.zip64From;
    header.writeUInt32LE(fits(entry.compressedSize) ? entry.compressedSize : MAX_32, at + 14);
    header.writeUInt32LE(fits(entry.size) ? entry.size : MAX_32, at + 18);
    header.writeUInt16LE(entry.name.length, at + 22);
  }
}

/**
 * The method of each entry of a zip archive (by name), read from its central directory, zip64 records included:
 * how a release says in CHANGES.md that its zip is laid out otherwise than the one before it. Undefined where the
 * file is not an archive this module can read.
 */
export async function entryMethods(file: string): Promise<Map<string, number> | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const size = (await handle.stat()).size;
    const read = async (at: number, length: number) => {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, at);
      return buffer;
    };
    // the end record is in the last 22 bytes, or before a comment of up to 65 535 bytes
    const tailAt = Math.max(0, size - 22 - MAX_16);
    const tail = await read(tailAt, size - tailAt);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0 || end + 22 > tail.length) return undefined;
    let count = tail.readUInt16LE(end + 10);
    let length = tail.readUInt32LE(end + 12);
    let start = tail.readUInt32LE(end + 16);
    if (count === MAX_16 || length === MAX_32 || start === MAX_32) {
      const locator = end - 20; // the zip64 locator is just before the end record
      if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) return undefined;
      const record = await read(Number(tail.readBigUInt64LE(locator + 8)), 56);
      if (record.readUInt32LE(0) !== 0x06064b50) return undefined;
      count = Number(record.readBigUInt64LE(32));
      length = Number(record.readBigUInt64LE(40));
      start = Number(record.readBigUInt64LE(48));
    }
    const directory = await read(start, length);
    const methods = new Map<string, number>();
    for (let at = 0, n = 0; n < count; n++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) return undefined;
      const nameLength = directory.readUInt16LE(at + 28);
      methods.set(directory.toString('latin1', at + 46, at + 46 + nameLength), directory.readUInt16LE(at + 10));
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    return methods;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
