/**
 * The published tables as a build holds them: for each column of a table's schema, in the schema's order, an array
 * of text numbers (core/pool.ts), one per row. A cell's text is what the CSV file writes (an integer as its
 * digits, a boolean as true or false); NONE is a missing cell. What the text stands for, the column's schema says
 * (`Holder`). A million observations take about 90 MB this way, a fifth of what rows as objects took, and the
 * renderers (output.ts, workbook.ts) do per distinct text what they did per cell.
 *
 * The rest of the pipeline (the catalog page, version comparison, tests) reads tables as arrays of row objects
 * (`PublishedTables`): `lazyTables` gives it an object whose tables are made into rows only when asked for,
 * and `compactOf` gives the renderers the compact tables back (or makes them from rows given by a test).
 */
import { loadSchemas, columnsOf } from '../../core/schemas.js';
import { NONE, StringPool } from '../../core/pool.js';
import { PUBLISHED_TABLES, type Cell, type PublishedTableName, type PublishedTables } from './rows.js';

/** What a column's text stands for: text, an exact decimal (held as its text), an integer, a boolean. */
export type Holder = 'text' | 'decimal' | 'integer' | 'boolean';

export interface CompactTable {
  readonly name: PublishedTableName;
  /** The schema's columns, in order. */
  readonly columns: readonly string[];
  readonly holders: readonly Holder[];
  /** cells[c][r]: the number of the text of row r in column c, NONE where it is missing. */
  readonly cells: readonly Uint32Array[];
  readonly length: number;
}

/** Every published table of a build, and the pool their texts are in. */
export interface CompactTables {
  readonly pool: StringPool;
  readonly tables: Readonly<Record<PublishedTableName, CompactTable>>;
}

type Row = Record<string, Cell>;

/** The holders of a table's columns, from its schema. */
export function holdersOf(name: PublishedTableName): Holder[] {
  const properties = loadSchemas().published[name].items.properties;
  return columnsOf(loadSchemas().published[name]).map((c) => {
    const type = properties[c]!.type;
    const types = Array.isArray(type) ? type : [type];
    return types.includes('boolean')
      ? 'boolean'
      : types.includes('integer')
        ? 'integer'
        : types.includes('number')
          ? 'decimal'
          : 'text';
  });
}

/** A cell's text, as the CSV file writes it; null where it is missing. */
export const cellText = (v: Cell | undefined): string | null =>
  v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);

/** A cell as rows hold it, from its text. */
export function cellOf(text: string | null, holder: Holder): Cell {
  if (text === null) return null;
  switch (holder) {
    case 'integer':
      return Number(text);
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}

const EMPTY = new Uint32Array(0);

/** Rows appended one cell at a time, in column order, into columns that grow as needed. */
export class TableBuilder {
  private cells: Uint32Array[];
  private rows = 0;
  private capacity: number;
  readonly columns: readonly string[];

  constructor(
    readonly name: PublishedTableName,
    readonly pool: StringPool,
    expected = 1024,
  ) {
    this.columns = columnsOf(loadSchemas().published[name]);
    this.capacity = Math.max(16, expected);
    this.cells = this.columns.map(() => new Uint32Array(this.capacity));
  }

  /** Append a row of text numbers, in column order. */
  add(ids: ArrayLike<number>): void {
    if (this.rows === this.capacity) this.grow();
    for (let c = 0; c < this.cells.length; c++) this.cells[c]![this.rows] = ids[c]!;
    this.rows++;
  }

  /** Append a row object (its cells interned). */
  addRow(row: Row): void {
    if (this.rows === this.capacity) this.grow();
    for (let c = 0; c < this.cells.length; c++)
      this.cells[c]![this.rows] = this.pool.id(cellText(row[this.columns[c]!]));
    this.rows++;
  }

  get length(): number {
    return this.rows;
  }

  /** The table, its rows in the order given (indices of rows as appended), or as appended. */
  build(order?: ArrayLike<number>): CompactTable {
    const n = order ? order.length : this.rows;
    const cells: Uint32Array[] = [];
    // a column at a time, each let go once copied: a long table is never held twice over
    for (let c = 0; c < this.cells.length; c++) {
      const column = this.cells[c]!;
      if (!order) cells.push(column.length === n ? column : column.slice(0, n));
      else {
        const out = new Uint32Array(n);
        for (let r = 0; r < n; r++) out[r] = column[order[r]!]!;
        cells.push(out);
      }
      this.cells[c] = EMPTY;
    }
    return { name: this.name, columns: this.columns, holders: holdersOf(this.name), cells, length: n };
  }

  /** The rows so far, as a table (sharing the builder's columns: read it before `build`). */
  peek(): CompactTable {
    const cells = this.cells.map((column) => column.subarray(0, this.rows));
    return { name: this.name, columns: this.columns, holders: holdersOf(this.name), cells, length: this.rows };
  }

  private grow(): void {
    this.capacity *= 2;
    this.cells = this.cells.map((column) => {
      const bigger = new Uint32Array(this.capacity);
      bigger.set(column);
      return bigger;
    });
  }
}

/** A table of rows, compact. */
export function compactTable(name: PublishedTableName, rows: readonly Row[], pool: StringPool): CompactTable {
  const builder = new TableBuilder(name, pool, rows.length);
  for (const row of rows) builder.addRow(row);
  return builder.build();
}

/** A row of a compact table, as an object with the schema's columns in order. */
export function rowAt(table: CompactTable, pool: StringPool, r: number): Row {
  const row: Row = {};
  const texts = pool.texts;
  for (let c = 0; c < table.columns.length; c++) {
    const id = table.cells[c]![r]!;
    row[table.columns[c]!] = cellOf(id === NONE ? null : texts[id]!, table.holders[c]!);
  }
  return row;
}

/** Every row of a compact table, as objects. */
export function rowsOf(table: CompactTable, pool: StringPool): Row[] {
  const rows = new Array<Row>(table.length);
  for (let r = 0; r < table.length; r++) rows[r] = rowAt(table, pool, r);
  return rows;
}

const COMPACT = Symbol('compact tables');
const made = new WeakMap<object, CompactTables>();

/**
 * The tables as `PublishedTables`, each made into rows the first time it is read (and kept). Assigning a table
 * replaces it (its rows are then what compactOf reads).
 */
export function lazyTables(compact: CompactTables): PublishedTables {
  const out = {} as Record<PublishedTableName, Row[]>;
  const replaced = new Set<PublishedTableName>();
  for (const name of PUBLISHED_TABLES) {
    let rows: Row[] | undefined;
    Object.defineProperty(out, name, {
      enumerable: true,
      configurable: true,
      get: () => (rows ??= rowsOf(compact.tables[name], compact.pool)),
      set: (value: Row[]) => {
        rows = value;
        replaced.add(name);
      },
    });
  }
  Object.defineProperty(out, COMPACT, { value: { compact, replaced }, enumerable: false });
  return out as unknown as PublishedTables;
}

/**
 * The compact form of tables: the one a build made (lazyTables), or one made from the rows of plain tables (a
 * test's), once per tables object.
 */
export function compactOf(tables: PublishedTables): CompactTables {
  const attached = (tables as unknown as Record<symbol, { compact: CompactTables; replaced: Set<string> }>)[COMPACT];
  if (attached && attached.replaced.size === 0) return attached.compact;
  let compact = made.get(tables);
  if (!compact) {
    const pool = attached?.compact.pool ?? new StringPool();
    const out = {} as Record<PublishedTableName, CompactTable>;
    for (const name of PUBLISHED_TABLES)
      out[name] =
        attached && !attached.replaced.has(name)
          ? attached.compact.tables[name]
          : compactTable(name, tables[name] as unknown as Row[], pool);
    compact = { pool, tables: out };
    made.set(tables, compact);
  }
  return compact;
}

/** How many rows a table has, without making it into rows. */
export function rowCount(tables: PublishedTables, name: PublishedTableName): number {
  const attached = (tables as unknown as Record<symbol, { compact: CompactTables; replaced: Set<string> }>)[COMPACT];
  return attached && !attached.replaced.has(name) ? attached.compact.tables[name].length : tables[name].length;
}

/**
 * Rows of a compact table that read their cells from it when a field is read: about 40 bytes a row, where a row
 * as an object with its cells takes over 200 (the catalog page reads a few fields of each of a million
 * observations). They are for reading only: their fields are getters, not data that copying or spreading keeps.
 */
export function rowViews(table: CompactTable, pool: StringPool): Row[] {
  class View {
    // declared, not a class field: a field is defined on each new row, which costs several times a plain store
    declare readonly r: number;
    constructor(r: number) {
      (this as { r: number }).r = r;
    }
  }
  const texts = pool.texts;
  table.columns.forEach((name, c) => {
    const cells = table.cells[c]!;
    const holder = table.holders[c]!;
    Object.defineProperty(View.prototype, name, {
      enumerable: true,
      get(this: View) {
        const id = cells[this.r]!;
        return cellOf(id === NONE ? null : texts[id]!, holder);
      },
    });
  });
  const rows = new Array<Row>(table.length);
  for (let r = 0; r < table.length; r++) rows[r] = new View(r) as unknown as Row;
  return rows;
}

/**
 * The tables for a reader that only reads fields of rows (the catalog page): the long tables as rowViews, the
 * short ones as rows. Tables not made by a build are given back as they are.
 */
export function tablesToRead(tables: PublishedTables): PublishedTables {
  const attached = (tables as unknown as Record<symbol, { compact: CompactTables; replaced: Set<string> }>)[COMPACT];
  if (!attached || attached.replaced.size > 0) return tables;
  const { pool, tables: compact } = attached.compact;
  const out = {} as Record<PublishedTableName, Row[]>;
  for (const name of PUBLISHED_TABLES) {
    let rows: Row[] | undefined;
    const long = LONG_TABLES.has(name);
    Object.defineProperty(out, name, {
      enumerable: true,
      get: () => (rows ??= long ? rowViews(compact[name], pool) : (tables[name] as unknown as Row[])),
    });
  }
  return out as unknown as PublishedTables;
}

/** The tables as long as the data (a row per figure or fact), read through rowViews by tablesToRead. */
const LONG_TABLES = new Set<PublishedTableName>(['observations', 'mentions', 'progress']);

/**
 * From now on the tables of a build are only read (their files are written; the page reads fields): the index of
 * the pool's texts is let go (StringPool.dropIndex), a fifth of the pool's memory.
 */
export function onlyReadFrom(tables: PublishedTables): void {
  const attached = (tables as unknown as Record<symbol, { compact: CompactTables } | undefined>)[COMPACT];
  attached?.compact.pool.dropIndex();
}
