/**
 * The figures of raw/, a file at a time and a row at a time: each figures file is decoded, parsed (extract's
 * streamCsv) and checked against its schema row by row, and the rows that pass are kept in a FigureStore, a column
 * per field of numbers into the build's pool of texts (core/pool.ts). A million figures take about 80 MB so,
 * where their rows and records as objects took several times that; no file is ever held as rows.
 *
 * A Figure, the record the rules, normalize and trace read, is made from the store when asked for, and let go.
 */
import { GrowingColumn, u32Column } from '../../core/columns.js';
import { problem, PipelineError, type Problem } from '../../core/errors.js';
import type { StringPool } from '../../core/pool.js';
import { loadSchemas } from '../../core/schemas.js';
import { decodeText, plainUtf8 } from '../extract/decode.js';
import { streamCsv, streamPlainCsv, type RawRow, type RowSink } from '../extract/csv.js';
import type { FiguresFile } from '../extract/load.js';
import { cell, type DatasetMeta, type Figure } from './records.js';
import { TableChecker, type CheckedTable } from './schema-check.js';

/** The raw figures columns, in schema order; `paragraph` is read as a number. */
const COLUMNS = () => Object.keys(loadSchemas().raw.figures.properties);

/** The figures that passed their schema, by index, in the order read (file by file, line by line). */
export class FigureStore {
  /** The files, as curators know them; each figure names one by index. */
  private readonly files: string[] = [];
  private readonly domains: string[] = [];
  private readonly fileOf = u32Column();
  private readonly lineOf = u32Column();
  private readonly columns: string[];
  /** Each column's texts, as numbers in the pool (a cell trimmed, as records hold it). */
  private readonly cells: GrowingColumn<Uint32Array>[];
  private count = 0;

  constructor(readonly pool: StringPool) {
    this.columns = COLUMNS();
    this.cells = this.columns.map(() => u32Column());
  }

  get length(): number {
    return this.count;
  }

  /** A file of figures, before its rows are added; its index. */
  addFile(file: string, domain: string): number {
    this.files.push(file);
    this.domains.push(domain);
    return this.files.length - 1;
  }

  /** Add a row that passed its schema. */
  add(file: number, row: RawRow): void {
    const i = this.count++;
    this.fileOf.set(i, file);
    this.lineOf.set(i, row.line);
    for (let c = 0; c < this.columns.length; c++) this.cells[c]!.set(i, this.pool.id(cell(row, this.columns[c]!)));
  }

  /** Where each column of the store is in a file's header (-1: not there), for `addRecord`. */
  placesIn(header: readonly string[]): number[] {
    return this.columns.map((column) => header.indexOf(column));
  }

  /** Add a row that passed its schema, given as its cells in the header's order (`places`: placesIn the header). */
  addRecord(file: number, cells: readonly string[], line: number, places: readonly number[]): void {
    const i = this.count++;
    this.fileOf.set(i, file);
    this.lineOf.set(i, line);
    for (let c = 0; c < places.length; c++) {
      const at = places[c]!;
      this.cells[c]!.set(i, this.pool.id(at < 0 ? '' : (cells[at] ?? '').trim())); // trimmed, as `cell` does
    }
  }

  /** Forget the rows from `length` on (a file read again). */
  truncate(length: number): void {
    this.count = Math.min(this.count, length);
  }

  /** The number in the pool of a figure's text in a column. */
  id(i: number, column: number): number {
    return this.cells[column]!.values[i]!;
  }

  /** The file a figure was read from, as curators know it. */
  fileName(i: number): string {
    return this.files[this.fileOf.values[i]!]!;
  }

  /** The index of a column, for `id`. */
  column(name: string): number {
    const c = this.columns.indexOf(name);
    if (c < 0) throw new Error(`figures have no column ${name}`);
    return c;
  }

  /** A figure as a record, as recordOf makes it from its row: file, line, domain, then the columns in order. */
  get(i: number): Figure {
    const f = this.fileOf.values[i]!;
    const record: Record<string, unknown> = {
      file: this.files[f],
      line: this.lineOf.values[i],
      domain: this.domains[f],
    };
    const texts = this.pool.texts;
    for (let c = 0; c < this.columns.length; c++) {
      const text = texts[this.cells[c]!.values[i]!]!;
      record[this.columns[c]!] = this.columns[c] === 'paragraph' ? Number(text) : text;
    }
    return record as unknown as Figure;
  }
}

/**
 * Figures by index into a store: the ones left after the rules, say. Reads as a list of records (for trace,
 * suggest and tests), each made when asked for.
 */
export class Figures implements Iterable<Figure> {
  constructor(
    readonly store: FigureStore,
    /** The indices into the store, in order. */
    readonly indices: Uint32Array,
  ) {}

  get length(): number {
    return this.indices.length;
  }

  at(i: number): Figure {
    return this.store.get(this.indices[i]!);
  }

  *[Symbol.iterator](): Iterator<Figure> {
    for (let i = 0; i < this.indices.length; i++) yield this.at(i);
  }

  filter(keep: (f: Figure) => boolean): Figure[] {
    const out: Figure[] = [];
    for (const f of this) if (keep(f)) out.push(f);
    return out;
  }

  map<T>(fn: (f: Figure) => T): T[] {
    const out: T[] = [];
    for (const f of this) out.push(fn(f));
    return out;
  }
}

/** What reading the figures files found. */
export interface FiguresRead {
  store: FigureStore;
  /** Which figure ids other rows may name without being told they are unknown (see CheckedTable). */
  checked: CheckedTable;
  /** Problems decoding and parsing the files (extract's), in file order. */
  extracted: Problem[];
}

/**
 * Read every figures file (see the module comment). Problems of the schema go to `found`, in the order validate
 * reports them: per file, an unknown domain first, then its header, then its rows.
 */
export function readFigures(
  files: ReadonlyMap<string, FiguresFile>,
  meta: DatasetMeta | undefined,
  pool: StringPool,
  found: Problem[],
): FiguresRead {
  const store = new FigureStore(pool);
  const extracted: Problem[] = [];
  const checks: CheckedTable[] = [];
  for (const [domain, figures] of files) {
    if (meta && !meta.domains.some((d) => d.id === domain))
      found.push(problem('RULE_UNKNOWN_DOMAIN', { id: domain, suggestion: '' }, { file: figures.file }));
    const index = store.addFile(figures.file, domain);
    const marks = { rows: store.length, found: found.length };
    let checker = new TableChecker('figures', 'figure_id', figures.file);
    let places: number[] = [];
    const sink: RowSink = {
      header: (header) => {
        checker.header(header, found);
        places = store.placesIn(header);
      },
      row: (row) => {
        if (checker.usable && checker.row(row, found)) store.add(index, row);
      },
      record: (cells, line) => {
        if (checker.usable && checker.record(cells, line, found)) store.addRecord(index, cells, line, places);
      },
      restart: () => {
        store.truncate(marks.rows);
        found.length = marks.found;
        checker = new TableChecker('figures', 'figure_id', figures.file);
      },
    };
    const read = readFile(figures, sink);
    for (const p of read.problems) extracted.push(p);
    checks.push(checker.checked(read.incomplete));
  }
  return { store, checked: { rows: [], reported: (id) => checks.some((c) => c.reported(id)) }, extracted };
}

/**
 * Decode and parse one figures file into `sink`; a file that cannot be read sends an empty header. Plain CSV in
 * plain UTF-8 (nearly every file) is parsed from its bytes, without decoding it whole first.
 */
function readFile(figures: FiguresFile, sink: RowSink): { problems: Problem[]; incomplete: boolean } {
  if (figures.bytes === undefined) {
    sink.header([]);
    return { problems: [], incomplete: true }; // load reported why
  }
  const plain = plainUtf8(figures.bytes);
  if (plain && streamPlainCsv(plain, figures.file, sink)) return { problems: [], incomplete: false };
  try {
    const { text, warnings } = decodeText(figures.bytes, figures.file);
    const parsed = streamCsv(text, figures.file, sink);
    return { problems: [...warnings, ...parsed.problems], incomplete: parsed.table.incomplete === true };
  } catch (err) {
    if (!(err instanceof PipelineError)) throw err;
    sink.header([]);
    return { problems: [err.problem], incomplete: true };
  }
}

/**
 * The figure ids of the store, as a set of texts (what `revises` may name): a bitmap over the pool, and the ids in
 * the order first read (did-you-mean goes through them in that order).
 */
export class FigureIds implements Iterable<string> {
  private readonly seen: Uint8Array;
  private readonly order: number[] = [];

  constructor(private readonly pool: StringPool) {
    this.seen = new Uint8Array(pool.size);
  }

  /** Add a figure's id; false where it was there already. */
  add(id: number): boolean {
    if (this.seen[id] === 1) return false;
    this.seen[id] = 1;
    this.order.push(id);
    return true;
  }

  has(text: string): boolean {
    const id = this.pool.find(text);
    return id !== undefined && this.seen[id] === 1;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const id of this.order) yield this.pool.texts[id]!;
  }
}
