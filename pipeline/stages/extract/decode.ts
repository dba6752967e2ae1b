/**
 * Bytes of a raw file -> text. UTF-8 with or without a BOM is read as is; GB18030/GBK (what Excel saves on a
 * Chinese-locale Windows) is transcoded with a warning; UTF-16, NUL bytes and other invalid bytes are
 * refused, never guessed at. Line ends become LF, so CRLF and LF files are the same data.
 */
import { isUtf8 } from 'node:buffer';
import { fail, problem, type Problem } from '../../core/errors.js';

export interface Decoded {
  text: string;
  warnings: Problem[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const GB18030 = new TextDecoder('gb18030', { fatal: true });
const HAN = /\p{Script=Han}/u;

/** Line and column (1-based) of a byte offset, counting lines by LF. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * The UTF-8 shape of some bytes: the offset of the first byte that is not valid UTF-8, and how many valid
 * multi-byte sequences and invalid bytes there are. UTF-8 text with a stray byte has many valid sequences
 * and few invalid bytes; GBK text is the other way round (most of its byte pairs are not UTF-8).
 */
function scanUtf8(bytes: Uint8Array): { firstInvalid: number; valid: number; invalid: number } {
  let firstInvalid = bytes.length;
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    if (ok && len > 1) {
      try {
        UTF8.decode(bytes.subarray(i, i + len));
      } catch {
        ok = false;
      }
    }
    if (ok) {
      if (len > 1) valid++;
      i += len;
    } else {
      if (invalid++ === 0) firstInvalid = i;
      i++;
    }
  }
  return { firstInvalid, valid, invalid };
}

/** UTF-16 without a byte-order mark: NUL bytes in every other place (the high bytes of ASCII letters). */
function looksUtf16(bytes: Uint8Array): boolean {
  const pairs = Math.floor(bytes.length / 2);
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  // ASCII (digits, commas, line ends) is a large part of any CSV; a NUL low byte (一 is 00 4E) is rare
  return Math.max(even, odd) >= Math.max(2, pairs / 3) && Math.min(even, odd) <= Math.max(even, odd) / 3;
}

/** Decode a raw file (see the module comment); throws a DataError for what it refuses. */
export function decodeText(bytes: Uint8Array, file: string): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    fail('ENCODING_UTF16', { how: '("Unicode text")' }, { file, line: 1 });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    if (looksUtf16(bytes)) fail('ENCODING_UTF16', { how: 'without a byte-order mark' }, { file, line: 1 });
    fail('ENCODING_NUL', {}, { file, line: lineOfByte(bytes, nul) });
  }
  const warnings: Problem[] = [];
  let text: string;
  try {
    text = UTF8.decode(bytes); // strips a UTF-8 BOM
  } catch {
    const scan = scanUtf8(bytes);
    const bad = scan.firstInvalid;
    const byte = `byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}`;
    // Mostly valid UTF-8 with a few bad bytes is a UTF-8 file with damage (a character pasted from another
    // encoding, a cut-off character): reading it as GB18030 would turn all its Chinese into mojibake.
    if (scan.valid >= scan.invalid)
      fail(
        'ENCODING_INVALID_UTF8',
        {
          byte,
          advice: ' in a file that is otherwise UTF-8: retype the character here, or save the file as "CSV UTF-8"',
        },
        { file, line: lineOfByte(bytes, bad) },
      );
    let gb: string | undefined;
    try {
      gb = GB18030.decode(bytes);
    } catch {
      gb = undefined;
    }
    if (gb === undefined || !HAN.test(gb)) {
      fail(
        'ENCODING_INVALID_UTF8',
        { byte, advice: ', and not GB18030/GBK either; save the file as "CSV UTF-8 (comma delimited)"' },
        { file, line: lineOfByte(bytes, bad) },
      );
    }
    text = gb;
    warnings.push(problem('ENCODING_GB18030', {}, { file, line: lineOfByte(bytes, bad) }, 'warning'));
  }
  return { text: text.replace(/\r\n?/g, '\n'), warnings };
}

/**
 * The bytes of a raw file as decodeText would make its text, encoded again, where they are valid UTF-8 without a NUL:
 * a BOM left off, and each line end (CRLF, or a lone CR) a line feed, made so byte by byte (no byte of a character of
 * several bytes is a CR or an LF). Undefined for any other file, which decodeText reads and reports on. A large file
 * of plain CSV is parsed from these without being decoded whole first (csv.ts), Excel's CRLF included.
 */
export function plainUtf8(bytes: Uint8Array): Buffer | undefined {
  if (bytes.indexOf(0) >= 0 || !isUtf8(bytes)) return undefined;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.length - bom);
  return text.indexOf(CR) < 0 ? text : lineFeeds(text);
}

const CR = 0x0d;
const LF = 0x0a;

/** The bytes with each CRLF made LF and each lone CR made LF, as decodeText's `replace(/\r\n?/g, '\n')`. */
function lineFeeds(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  let from = 0;
  for (let cr = bytes.indexOf(CR); cr >= 0; cr = bytes.indexOf(CR, from)) {
    length += bytes.copy(out, length, from, cr);
    out[length++] = LF;
    from = bytes[cr + 1] === LF ? cr + 2 : cr + 1;
  }
  length += bytes.copy(out, length, from);
  return out.subarray(0, length);
}
