/**
 * Stage 1, extract: raw bytes -> decoded text -> CSV rows that remember their line numbers.
 * Pure functions; reading the files from disk is done by `loadRawTables` at the edge.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CsvError as CsvParseError } from 'csv-parse/sync';
import { CsvError, EncodingError, PipelineError, limitPerFile, type Problem } from '../../core/errors.js';

/** One data row of a CSV file: its cells by column name and the line it starts on. */
export interface RawRow {
  line: number;
  cells: Record<string, string>;
}

export interface RawTable {
  /** Path shown to curators, relative to the working directory, e.g. `raw/units.csv`. */
  file: string;
  header: string[];
  rows: RawRow[];
  /**
   * Set when the file could not be read whole (encoding, malformed CSV, an unusable header): rows may be
   * missing, so an id that other tables name may be in the part that was not read. The reason is reported.
   */
  incomplete?: boolean;
}

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

/**
 * Decode a raw file. UTF-8 with or without BOM is read as is; GB18030/GBK (what Excel saves on a
 * Chinese-locale Windows) is transcoded with a warning; UTF-16, NUL bytes and other invalid bytes are
 * refused. Line ends are normalized to LF so CRLF and LF files are the same data.
 */
export function decodeText(bytes: Uint8Array, file: string): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new EncodingError(
      'ENCODING_UTF16',
      'file is UTF-16 ("Unicode text"); save it as "CSV UTF-8 (comma delimited)"',
      { file, line: 1 },
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    if (looksUtf16(bytes))
      throw new EncodingError(
        'ENCODING_UTF16',
        'file is UTF-16 without a byte-order mark; save it as "CSV UTF-8 (comma delimited)"',
        { file, line: 1 },
      );
    throw new EncodingError('ENCODING_NUL', 'file contains a NUL byte: it is not a text file', {
      file,
      line: lineOfByte(bytes, nul),
    });
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
      throw new EncodingError(
        'ENCODING_INVALID_UTF8',
        `invalid UTF-8 (${byte}) in a file that is otherwise UTF-8: retype the character here, or save the file as "CSV UTF-8"`,
        { file, line: lineOfByte(bytes, bad) },
      );
    let gb: string | undefined;
    try {
      gb = GB18030.decode(bytes);
    } catch {
      gb = undefined;
    }
    if (gb === undefined || !HAN.test(gb)) {
      throw new EncodingError(
        'ENCODING_INVALID_UTF8',
        `invalid UTF-8 (${byte}), and not GB18030/GBK either; save the file as "CSV UTF-8 (comma delimited)"`,
        { file, line: lineOfByte(bytes, bad) },
      );
    }
    text = gb;
    warnings.push(
      new EncodingError(
        'ENCODING_GB18030',
        'file is GB18030/GBK, not UTF-8; it was read as GB18030. Re-save it as "CSV UTF-8 (comma delimited)" to silence this warning',
        { file, line: lineOfByte(bytes, bad) },
      ).toProblem('warning'),
    );
  }
  return { text: text.replace(/\r\n?/g, '\n'), warnings };
}

/** csv-parse error codes, in words a curator understands. */
const CSV_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED:
    'a quote opened here is never closed: the field runs on to the end of the file; close it, or double a quote inside a quoted field ("")',
  CSV_INVALID_CLOSING_QUOTE:
    'text after the closing quote of a quoted field: put the whole field in quotes and double every quote inside it ("")',
  CSV_INVALID_OPENING_QUOTE:
    'a quote inside a field that does not begin with one: put the whole field in quotes and double the quote ("")',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after a closing quote',
};

/** After a problem with quotes csv-parse no longer knows where fields and records begin. */
const QUOTE_ERRORS = new Set([
  'CSV_QUOTE_NOT_CLOSED',
  'CSV_INVALID_CLOSING_QUOTE',
  'INVALID_OPENING_QUOTE',
  'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
]);

/** A record as read, with the line it ends on (a quoted field may span lines). */
type Parsed = { record: string[]; end: number };

/** A record csv-parse skipped: the error, the line the record begins on and the line the error is on. */
interface Skipped {
  err: CsvParseError & { index?: number; record?: unknown[] };
  start: number;
  line: number;
}

/**
 * The fast path, for a file csv-parse reads without a complaint and that has no empty line: nearly every
 * file. Each record then starts on the line after the one before it ends, so its last line is counted from
 * the line breaks in its cells, and csv-parse builds no info object per record (a fifth of the time of
 * extract at 100 000 figures). Undefined for any other file, which parseCsv reads again the careful way,
 * with csv-parse's line numbers, to report where each problem is.
 */
function parseClean(text: string): Parsed[] | undefined {
  if (text.startsWith('\n') || text.includes('\n\n')) return undefined; // csv-parse would skip an empty line
  let skipped = false;
  let records: string[][];
  try {
    records = parse(text, {
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: () => {
        skipped = true;
        return undefined;
      },
    }) as string[][];
  } catch {
    return undefined;
  }
  if (skipped) return undefined;
  let end = 0;
  return records.map((record) => {
    end += 1;
    for (const cell of record) if (cell.includes('\n')) end += cell.split('\n').length - 1;
    return { record, end };
  });
}

/**
 * Parse CSV text into a table. Records with the wrong number of fields are all reported (up to a limit),
 * each at the line it begins on; the first problem with quotes is reported and ends the reading, since
 * nothing after it can be trusted. The header must be present, unique and non-empty.
 */
export function parseCsv(text: string, file: string): { table: RawTable; problems: Problem[] } {
  const problems: Problem[] = [];
  if (text.trim() === '') {
    const problem = new CsvError('CSV_EMPTY', 'file is empty: expected a header row', { file, line: 1 });
    return { table: { file, header: [], rows: [], incomplete: true }, problems: [problem.toProblem()] };
  }
  let lines: string[] | undefined; // split only when a record is skipped, to find where it began
  /** The first line after `end` that holds something: csv-parse skips empty lines between records. */
  const nextRecordLine = (end: number) => {
    lines ??= text.split('\n');
    let n = end + 1;
    while (n < lines.length && lines[n - 1] === '') n++;
    return n;
  };
  let lastEnd = 0; // the line the last record, read or skipped, ends on
  let broken: Skipped | undefined;
  const skipped: Skipped[] = [];
  const onSkip = (err: CsvParseError | undefined): undefined => {
    if (!err || broken) return undefined;
    const line = typeof err.lines === 'number' ? err.lines : lastEnd + 1;
    const s = { err, start: Math.min(nextRecordLine(lastEnd), line), line };
    if (QUOTE_ERRORS.has(err.code)) broken = s;
    else skipped.push(s);
    lastEnd = line;
    return undefined;
  };
  // csv-parse hands on_record the record's info (its last line); `info: true` would build that info twice
  const onRecord = (record: string[], info: { lines: number }): Parsed | null => {
    lastEnd = info.lines;
    return broken ? null : { record, end: info.lines }; // records after a quote problem are not what the curator wrote
  };
  let header: string[] = [];
  let records = parseClean(text);
  if (!records)
    try {
      records = parse(text, {
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: onSkip,
        on_record: onRecord as never,
      }) as unknown as Parsed[];
    } catch (err) {
      const e = err as CsvParseError;
      problems.push(
        new CsvError(e.code ?? 'CSV_ERROR', CSV_MESSAGES[e.code] ?? e.message, {
          file,
          line: typeof e.lines === 'number' ? e.lines : undefined,
        }).toProblem(),
      );
      records = [];
    }
  // csv-parse reports the line a record ends on; a quoted field may span lines.
  const startLine = (r: Parsed) => {
    let line = r.end;
    for (const cell of r.record) if (cell.includes('\n')) line -= cell.split('\n').length - 1;
    return line;
  };

  const first = records.shift();
  if (first) header = first.record.map((h) => h.trim());
  const columnOf = (s: Skipped) =>
    typeof s.err.index === 'number' ? header[s.err.index] || String(s.err.index + 1) : undefined;
  for (const s of skipped) {
    const counts =
      s.err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? `wrong number of fields: the header has ${header.length} columns, this line has ${s.err.record?.length ?? '?'}`
        : (CSV_MESSAGES[s.err.code] ?? s.err.message);
    problems.push(new CsvError(s.err.code, counts, { file, line: s.start }).toProblem());
  }
  if (broken) {
    const { err, start, line } = broken;
    const column = columnOf(broken);
    const rest = `; the rest of the file is read once this is fixed`;
    if (err.code === 'CSV_INVALID_CLOSING_QUOTE' && start < line)
      problems.push(
        new CsvError(
          'CSV_QUOTE_NOT_CLOSED',
          `a quote opened here is not closed on this line: the field runs on to line ${line}, where a quote is followed by text; close the quote${rest}`,
          { file, line: start, column },
        ).toProblem(),
      );
    else {
      const code = err.code === 'INVALID_OPENING_QUOTE' ? 'CSV_INVALID_OPENING_QUOTE' : err.code;
      problems.push(
        new CsvError(code, (CSV_MESSAGES[code] ?? err.message) + (code === 'CSV_QUOTE_NOT_CLOSED' ? '' : rest), {
          file,
          line: code === 'CSV_QUOTE_NOT_CLOSED' ? start : line,
          column,
        }).toProblem(),
      );
    }
  }
  if (!first) return { table: { file, header, rows: [], incomplete: true }, problems };
  const seen = new Set<string>();
  let headerOk = true;
  header.forEach((name, i) => {
    if (name === '') {
      headerOk = false;
      problems.push(
        new CsvError('CSV_HEADER_EMPTY', `column ${i + 1} of the header has no name`, {
          file,
          line: startLine(first),
          column: String(i + 1),
        }).toProblem(),
      );
    } else if (seen.has(name)) {
      headerOk = false;
      problems.push(
        new CsvError('CSV_HEADER_DUPLICATE', `column "${name}" appears twice in the header`, {
          file,
          line: startLine(first),
          column: name,
        }).toProblem(),
      );
    }
    seen.add(name);
  });
  // with a column unnamed or named twice, no cell can be trusted to be what its column says
  const rows = !headerOk
    ? []
    : records.map((r) => {
        const cells: Record<string, string> = {};
        header.forEach((name, i) => {
          cells[name] = r.record[i] ?? '';
        });
        return { line: startLine(r), cells };
      });
  const incomplete = !headerOk || broken !== undefined || skipped.length > 0;
  return { table: { file, header, rows, ...(incomplete ? { incomplete } : {}) }, problems: limitPerFile(problems) };
}

/** Decode and parse one file's bytes; problems instead of exceptions. */
export function extractTable(bytes: Uint8Array, file: string): { table: RawTable; problems: Problem[] } {
  try {
    const { text, warnings } = decodeText(bytes, file);
    const parsed = parseCsv(text, file);
    return { table: parsed.table, problems: [...warnings, ...parsed.problems] };
  } catch (err) {
    if (err instanceof PipelineError)
      return { table: { file, header: [], rows: [], incomplete: true }, problems: [err.toProblem()] };
    throw err;
  }
}

/** The raw tables of a `raw/` folder, as read from disk. */
export interface RawTables {
  sources: RawTable;
  units: RawTable;
  indicators: RawTable;
  /** One table per `figures/<domain>.csv`, keyed by domain. */
  figures: Map<string, RawTable>;
}

/** Show paths relative to the working directory, as curators type them. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

async function readTable(file: string): Promise<{ table: RawTable; problems: Problem[] }> {
  const shown = displayPath(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      table: { file: shown, header: [], rows: [], incomplete: true },
      problems: [
        new CsvError('FILE_MISSING', code === 'ENOENT' ? 'file not found' : `cannot read file (${code})`, {
          file: shown,
        }).toProblem(),
      ],
    };
  }
  return extractTable(bytes, shown);
}

/** Load inputs: read and parse every table of `rawDir`. */
export async function loadRawTables(rawDir: string): Promise<{ tables: RawTables; problems: Problem[] }> {
  const problems: Problem[] = [];
  const read = async (name: string) => {
    const r = await readTable(path.join(rawDir, name));
    problems.push(...r.problems);
    return r.table;
  };
  const sources = await read('sources.csv');
  const units = await read('units.csv');
  const indicators = await read('indicators.csv');
  const figures = new Map<string, RawTable>();
  let names: string[] = [];
  try {
    names = (await readdir(path.join(rawDir, 'figures'))).filter((n) => n.endsWith('.csv')).sort();
  } catch {
    problems.push(
      new CsvError('FILE_MISSING', 'folder not found: figures are kept in figures/<domain>.csv', {
        file: displayPath(path.join(rawDir, 'figures')),
      }).toProblem(),
    );
  }
  for (const name of names) figures.set(name.slice(0, -'.csv'.length), await read(path.join('figures', name)));
  return { tables: { sources, units, indicators, figures }, problems };
}
