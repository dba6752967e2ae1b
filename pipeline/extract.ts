/**
 * Stage 1, extract: raw bytes -> decoded text -> CSV rows that remember their line numbers.
 * Pure functions; reading the files from disk is done by `loadRawTables` at the edge.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CsvError as CsvParseError } from 'csv-parse/sync';
import { CsvError, EncodingError, PipelineError, type Problem } from './errors.js';

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

/** Offset of the first byte that is not valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    try {
      UTF8.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
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
    const bad = firstInvalidUtf8(bytes);
    let gb: string | undefined;
    try {
      gb = GB18030.decode(bytes);
    } catch {
      gb = undefined;
    }
    if (gb === undefined || !HAN.test(gb)) {
      throw new EncodingError(
        'ENCODING_INVALID_UTF8',
        `invalid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}); save the file as "CSV UTF-8"`,
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
  CSV_QUOTE_NOT_CLOSED: 'a quote is opened but never closed',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'wrong number of fields',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'wrong number of fields',
  CSV_INVALID_CLOSING_QUOTE: 'a quote in the middle of a field: double it ("") or quote the whole field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after a closing quote',
};

const MAX_CSV_PROBLEMS = 50;

/**
 * Parse CSV text into a table. Malformed records are all reported (up to a limit), each with its
 * line; the header must be present, unique and non-empty.
 */
export function parseCsv(text: string, file: string): { table: RawTable; problems: Problem[] } {
  const problems: Problem[] = [];
  const onSkip = (err: CsvParseError | undefined): undefined => {
    if (!err || problems.length >= MAX_CSV_PROBLEMS) return undefined;
    const line = typeof err.lines === 'number' ? err.lines : undefined;
    const detail = CSV_MESSAGES[err.code] ?? err.message;
    const counts =
      err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? ` (the header has ${(err as unknown as { columns?: unknown[] }).columns?.length ?? header.length} columns, this line has ${(err as unknown as { record?: unknown[] }).record?.length ?? '?'})`
        : '';
    problems.push(new CsvError(err.code, detail + counts, { file, line }).toProblem());
    return undefined;
  };
  let header: string[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: onSkip,
    }) as unknown as { record: string[]; info: { lines: number } }[];
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
  const startLine = (r: { record: string[]; info: { lines: number } }) =>
    r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);

  const first = records.shift();
  if (!first) {
    problems.unshift(new CsvError('CSV_EMPTY', 'file is empty: expected a header row', { file, line: 1 }).toProblem());
    return { table: { file, header, rows: [] }, problems };
  }
  header = first.record.map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') {
      problems.push(
        new CsvError('CSV_HEADER_EMPTY', `column ${i + 1} of the header has no name`, {
          file,
          line: startLine(first),
          column: String(i + 1),
        }).toProblem(),
      );
    } else if (seen.has(name)) {
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
  const rows = records.map((r) => {
    const cells: Record<string, string> = {};
    header.forEach((name, i) => {
      cells[name] = r.record[i] ?? '';
    });
    return { line: startLine(r), cells };
  });
  return { table: { file, header, rows }, problems };
}

/** Decode and parse one file's bytes; problems instead of exceptions. */
export function extractTable(bytes: Uint8Array, file: string): { table: RawTable; problems: Problem[] } {
  try {
    const { text, warnings } = decodeText(bytes, file);
    const parsed = parseCsv(text, file);
    return { table: parsed.table, problems: [...warnings, ...parsed.problems] };
  } catch (err) {
    if (err instanceof PipelineError) return { table: { file, header: [], rows: [] }, problems: [err.toProblem()] };
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
      table: { file: shown, header: [], rows: [] },
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
