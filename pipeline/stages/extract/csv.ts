/**
 * CSV text -> rows that remember the line they start on. In three parts: reading records (plain-csv.ts for
 * plain CSV, csv-parse for any other), finding each record's line, and saying what is wrong in words a curator
 * understands.
 *
 * Records with the wrong number of fields are all reported, each at the line it begins on; the first
 * problem with quotes is reported and ends the reading, since nothing after it can be trusted. The header
 * must be present, unique and non-empty.
 */
import { appendAll } from '../../core/group.js';
import { parse } from 'csv-parse/sync';
import type { CsvError as CsvParseError } from 'csv-parse/sync';
import { limitPerFile, problem, type Problem } from '../../core/errors.js';
import { readPlainCsv } from './plain-csv.js';

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

// ---------------------------------------------------------------- reading

/** A record as read, with the line it ends on (a quoted field may span lines). */
interface Parsed {
  record: string[];
  end: number;
}

/** A record csv-parse skipped: its error, the line the record begins on and the line the error is on. */
interface Skipped {
  err: CsvParseError & { index?: number; record?: unknown[] };
  start: number;
  line: number;
}

interface Read {
  records: Parsed[];
  /** Records with the wrong number of fields. */
  skipped: Skipped[];
  /** The first problem with quotes: reading stopped there. */
  broken?: Skipped;
  /** csv-parse gave up on the whole file. */
  failed?: CsvParseError;
}

/** After a problem with quotes csv-parse no longer knows where fields and records begin. */
const QUOTE_ERRORS = new Set([
  'CSV_QUOTE_NOT_CLOSED',
  'CSV_INVALID_CLOSING_QUOTE',
  'INVALID_OPENING_QUOTE',
  'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
]);

/** The lines a record's cells span beyond its first. */
const extraLines = (record: string[]) => {
  let n = 0;
  for (const cell of record) if (cell.includes('\n')) n += cell.split('\n').length - 1;
  return n;
};

/**
 * The fast path, for a file without an empty line that the plain reader reads (plain-csv.ts) or csv-parse reads
 * without a complaint: nearly every file. Each record then starts on the line after the one before it ends, so
 * its last line is counted from the line breaks in its cells, and csv-parse builds no info object per record.
 * Undefined for any other file, which is read again the careful way.
 */
function readClean(text: string): Parsed[] | undefined {
  if (text.startsWith('\n') || text.includes('\n\n')) return undefined; // csv-parse would skip an empty line
  let records: string[][] = [];
  if (!readPlainCsv(Buffer.from(text), (record) => void records.push(record))) {
    let skipped = false;
    try {
      records = parse(text, {
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: () => void (skipped = true),
      }) as string[][];
    } catch {
      return undefined;
    }
    if (skipped) return undefined;
  }
  let end = 0;
  return records.map((record) => ({ record, end: (end += 1 + extraLines(record)) }));
}

/** The careful path: csv-parse's own line numbers, every skipped record kept with where it began. */
class CarefulReader {
  private lines: string[] | undefined; // split only when a record is skipped, to find where it began
  private lastEnd = 0; // the line the last record, read or skipped, ends on
  readonly skipped: Skipped[] = [];
  broken: Skipped | undefined;

  constructor(private readonly text: string) {}

  /** The first line after `end` that holds something: csv-parse skips empty lines between records. */
  private nextRecordLine(end: number): number {
    this.lines ??= this.text.split('\n');
    let n = end + 1;
    while (n < this.lines.length && this.lines[n - 1] === '') n++;
    return n;
  }

  onSkip(err: CsvParseError | undefined): undefined {
    if (!err || this.broken) return undefined;
    const line = typeof err.lines === 'number' ? err.lines : this.lastEnd + 1;
    const s = { err, start: Math.min(this.nextRecordLine(this.lastEnd), line), line };
    if (QUOTE_ERRORS.has(err.code)) this.broken = s;
    else this.skipped.push(s);
    this.lastEnd = line;
    return undefined;
  }

  onRecord(record: string[], info: { lines: number }): Parsed | null {
    this.lastEnd = info.lines;
    return this.broken ? null : { record, end: info.lines }; // after a quote problem, records are not what was written
  }

  read(): Read {
    try {
      const records = parse(this.text, {
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: (err) => this.onSkip(err),
        on_record: ((record: string[], info: { lines: number }) => this.onRecord(record, info)) as never,
      }) as unknown as Parsed[];
      return { records, skipped: this.skipped, ...(this.broken ? { broken: this.broken } : {}) };
    } catch (err) {
      return { records: [], skipped: [], failed: err as CsvParseError };
    }
  }
}

function readRecords(text: string): Read {
  const clean = readClean(text);
  return clean ? { records: clean, skipped: [] } : new CarefulReader(text).read();
}

// ---------------------------------------------------------------- line numbers

/** The line a record starts on: csv-parse reports the line it ends on, and a quoted field may span lines. */
const startLine = (r: Parsed) => r.end - extraLines(r.record);

// ---------------------------------------------------------------- problems, in words

function skippedProblem(s: Skipped, header: string[], file: string): Problem {
  if (s.err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH')
    return problem(
      'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
      { expected: header.length, found: s.err.record?.length ?? '?' },
      { file, line: s.start },
    );
  return problem('CSV_ERROR', { reason: s.err.message }, { file, line: s.start });
}

function brokenProblem(broken: Skipped, header: string[], file: string): Problem {
  const { err, start, line } = broken;
  const column = typeof err.index === 'number' ? header[err.index] || String(err.index + 1) : undefined;
  const at = { file, column };
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return problem(
        'CSV_QUOTE_NOT_CLOSED',
        { where: 'never closed: the field runs on to the end of the file' },
        { ...at, line: start },
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      if (start < line)
        return problem(
          'CSV_QUOTE_NOT_CLOSED',
          { where: `not closed on this line: the field runs on to line ${line}, where a quote is followed by text` },
          { ...at, line: start },
        );
      return problem('CSV_INVALID_CLOSING_QUOTE', {}, { ...at, line });
    case 'INVALID_OPENING_QUOTE':
      return problem('CSV_INVALID_OPENING_QUOTE', {}, { ...at, line });
    default:
      return problem('CSV_INVALID_CLOSING_QUOTE', {}, { ...at, line });
  }
}

/** Header problems: a column without a name or named twice makes every cell of the file untrustworthy. */
function headerProblems(header: string[], line: number, file: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '')
      problems.push(problem('CSV_HEADER_EMPTY', { index: i + 1 }, { file, line, column: String(i + 1) }));
    else if (seen.has(name)) problems.push(problem('CSV_HEADER_DUPLICATE', { name }, { file, line, column: name }));
    seen.add(name);
  });
  return problems;
}

// ---------------------------------------------------------------- the whole

/** Parse CSV text into a table (see the module comment). */
export function parseCsv(text: string, file: string): { table: RawTable; problems: Problem[] } {
  if (text.trim() === '')
    return {
      table: { file, header: [], rows: [], incomplete: true },
      problems: [problem('CSV_EMPTY', {}, { file, line: 1 })],
    };
  const read = readRecords(text);
  const first = read.records.shift();
  const header = first ? first.record.map((h) => h.trim()) : [];
  const problems: Problem[] = read.failed
    ? [
        problem(
          'CSV_ERROR',
          { reason: read.failed.message },
          { file, line: typeof read.failed.lines === 'number' ? read.failed.lines : undefined },
        ),
      ]
    : [];
  appendAll(
    problems,
    read.skipped.map((s) => skippedProblem(s, header, file)),
  );
  if (read.broken) problems.push(brokenProblem(read.broken, header, file));
  if (!first) return { table: { file, header, rows: [], incomplete: true }, problems };
  const headerBad = headerProblems(header, startLine(first), file);
  appendAll(problems, headerBad);
  const rows = headerBad.length ? [] : read.records.map((r) => rowOf(header, r.record, startLine(r)));
  const incomplete = headerBad.length > 0 || read.broken !== undefined || read.skipped.length > 0;
  return { table: { file, header, rows, ...(incomplete ? { incomplete } : {}) }, problems: limitPerFile(problems) };
}

/** Where a file read a row at a time sends its header and rows (see streamCsv). */
export interface RowSink {
  /** The header, before any row (empty where the file could not be read). */
  header(header: string[]): void;
  row(row: RawRow): void;
  /**
   * A row as the plain reader reads it: its cells in the header's order (as many as the header has), and the line
   * it starts on. Where a sink has this, rows of a plain file come here rather than to `row`, without an object of
   * cells by name made for each (a sink that needs one makes it: rowOf).
   */
  record?(cells: readonly string[], line: number): void;
  /** Forget the header and rows sent so far: the file is read again the careful way, from its start. */
  restart(): void;
}

/** A row of cells in the header's order, as a RawRow. */
export function rowOf(header: readonly string[], cells: readonly string[], line: number): RawRow {
  const byName: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) byName[header[i]!] = cells[i] ?? '';
  return { line, cells: byName };
}

/**
 * Parse CSV text a row at a time, each row sent to `sink` as it is read and never kept, for a file too large to
 * hold as rows (a figures file of a national series): the same header, rows, lines and problems as parseCsv. A
 * plain file (plain-csv.ts: nearly every file) is read once, by the plain reader; any other is read again with
 * parseCsv, the sink told to forget what it was sent. The table returned has no rows.
 */
export function streamCsv(text: string, file: string, sink: RowSink): { table: RawTable; problems: Problem[] } {
  const header = text.trim() === '' ? undefined : streamPlainCsv(Buffer.from(text), file, sink);
  if (header) return { table: { file, header, rows: [] }, problems: [] };
  const { table, problems } = parseCsv(text, file);
  sink.header(table.header);
  for (const row of table.rows) sink.row(row);
  return { table: { ...table, rows: [] }, problems };
}

/**
 * Read a file of plain CSV (plain-csv.ts) from its UTF-8 bytes a row at a time into `sink`, as streamCsv does; its
 * header, or undefined (the sink told to forget what it was sent) where the file is not plain or its header has a
 * problem, for streamCsv or parseCsv to read it and say what is wrong.
 */
export function streamPlainCsv(bytes: Buffer, file: string, sink: RowSink): string[] | undefined {
  let header: string[] | undefined;
  let end = 0; // the line the last record ends on
  let headerBad = false;
  const plain = readPlainCsv(bytes, (record) => {
    if (headerBad) return;
    const line = end + 1;
    end += 1 + extraLines(record);
    if (!header) {
      header = record.map((h) => h.trim());
      headerBad = headerProblems(header, line, file).length > 0;
      if (!headerBad) sink.header(header);
    } else if (sink.record) sink.record(record, line);
    else sink.row(rowOf(header, record, line));
  });
  if (plain && !headerBad && header) return header;
  if (header && !headerBad) sink.restart();
  return undefined;
}
