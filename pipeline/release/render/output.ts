/**
 * Serialize published tables: CSV (RFC 4180, UTF-8 without BOM, CRLF, header row) and JSON (an array of
 * records, numbers as JSON numbers, missing as null). Both are pure functions of the tables, so the same
 * tables always give the same files.
 *
 * Both are written from the compact tables (stages/tables/compact.ts) a line or a chunk of records at a time,
 * by hand rather than by JSON.stringify of record objects: a cell is a text number, and whether a text needs
 * quoting (CSV) or escaping (JSON) is found once per distinct text. tests/output.test.ts holds the bytes to
 * csv-stringify's and JSON.stringify's.
 */
import { isJsonExact } from '../../core/decimal.js';
import { problem, ProblemsError, type Problem } from '../../core/errors.js';
import { NONE, type StringPool } from '../../core/pool.js';
import {
  columnValidators,
  loadSchemas,
  columnsOf,
  PUBLISHED_TABLES,
  type PublishedTableName,
} from '../../core/schemas.js';
import { Utf8Chunks, type RenderedFile } from './files.js';
import { cellOf, compactOf, holdersOf, rowAt, type CompactTable } from '../../stages/tables/compact.js';
import type { Cell, PublishedTables } from '../../stages/tables/rows.js';

type Row = Record<string, Cell>;

/**
 * Records serialized per chunk by jsonChunks: a large table becomes JSON a chunk at a time instead of one JS
 * string of the whole file (which, holding Chinese text, takes two bytes a character).
 */
const CHUNK_ROWS = 2000;
/** Records (JSON) or lines (CSV) joined into one piece of text before it is encoded (a power of two). */
const PIECE_ROWS = 16;

/** Records with the schema's keys in column order, decimals as JSON numbers. */
export function toJsonRecords(tables: PublishedTables, name: PublishedTableName): Row[] {
  return jsonRecordsOf(tables[name] as unknown as Row[], name);
}

/** A decimal column's text as its JSON number: it stays exactly that number (isJsonExact), or this throws. */
function jsonNumber(text: string, name: PublishedTableName, column: string): number {
  // checked upstream; guard again so a float can never slip into a published file
  if (!isJsonExact(text)) throw new Error(`${name}.${column}: ${text} is not exactly representable as a JSON number`);
  return Number(text);
}

function jsonRecordsOf(rows: Row[], name: PublishedTableName): Row[] {
  // a decimal is kept as its text (exact); JSON writes it as a number, which it stays exactly (stages/check/mentions.ts
  // refuses more digits)
  const columns = columnsOf(loadSchemas().published[name]);
  const decimal = holdersOf(name).map((h) => h === 'decimal');
  return rows.map((row) => {
    const out: Row = {};
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const v = row[c] ?? null;
      out[c] = decimal[i] && typeof v === 'string' ? jsonNumber(v, name, c) : v;
    }
    return out;
  });
}

/** Records of rows `from` to `to` of a compact table, as toJsonRecords makes them (for the schema check). */
function compactRecords(table: CompactTable, pool: StringPool, from: number, to: number): Row[] {
  const rows: Row[] = [];
  for (let r = from; r < to; r++) rows.push(rowAt(table, pool, r));
  return jsonRecordsOf(rows, table.name);
}

/**
 * Problems with some records of a published table against its JSON Schema: a bug in the pipeline, not in
 * raw/, if there are any. `offset` is the index of the first record, so the paths name the row in the file.
 */
export function publishedSchemaProblems(name: PublishedTableName, records: Row[], offset = 0): Problem[] {
  const validate = loadSchemas().validatePublished[name];
  if (validate(records)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e) => {
    const where = e.instancePath.replace(/^\/(\d+)/, (_, i: string) => `/${Number(i) + offset}`);
    return problem(
      'SCHEMA_PUBLISHED',
      { table: name, path: where, reason: e.message ?? e.keyword },
      { file: `schemas/published/${name}.schema.json` },
    );
  });
}

/**
 * Whether every record of a compact table holds to the table's JSON Schema, found without making the records:
 * a record's schema checks each property on its own (an object of the schema's properties, all required, no
 * other; no rule ties one property to another: tests/schemas.test.ts holds every published schema to that), and
 * every record of a compact table has exactly the schema's columns. So the first record is checked whole, for
 * its shape, and then each distinct text of a column once, against the column's property schema: a column of a
 * few hundred distinct texts over a million rows costs a few hundred checks.
 */
function tableHolds(table: CompactTable, pool: StringPool): boolean {
  const { name, columns, cells, holders } = table;
  if (publishedSchemaProblems(name, compactRecords(table, pool, 0, 1)).length > 0) return false;
  const validators = columnValidators().published[name];
  const texts = pool.texts;
  const seen = new Uint8Array(pool.size); // NONE is 0: a missing cell is checked once per column too
  for (let c = 0; c < columns.length; c++) {
    const column = cells[c]!;
    const validate = validators[c]!;
    const holder = holders[c]!;
    if (c > 0) seen.fill(0);
    for (let r = 0; r < table.length; r++) {
      const id = column[r]!;
      if (seen[id] === 1) continue;
      seen[id] = 1;
      const text = id === NONE ? null : texts[id]!;
      const value =
        text === null ? null : holder === 'decimal' ? jsonNumber(text, name, columns[c]!) : cellOf(text, holder);
      if (!validate(value)) return false;
    }
  }
  return true;
}

/**
 * A published table's problems against its JSON Schema (a bug in the pipeline, not in raw/, if any): none where
 * tableHolds says so, and otherwise the table is made into records and checked whole, so that the problems name
 * the rows as they always did. A table of a chunk of records or fewer is checked whole at once: tableHolds pays
 * for itself only on long tables, and a small raw/ then never loads the column validators.
 */
function tableSchemaProblems(table: CompactTable, pool: StringPool): Problem[] {
  if (table.length > CHUNK_ROWS && tableHolds(table, pool)) return [];
  return publishedSchemaProblems(table.name, compactRecords(table, pool, 0, table.length));
}

/** Every published table against its JSON Schema (see tableSchemaProblems). */
export function tablesSchemaProblems(tables: PublishedTables): Problem[] {
  const { pool, tables: compact } = compactOf(tables);
  return PUBLISHED_TABLES.flatMap((name) => tableSchemaProblems(compact[name], pool));
}

/** What a text needs in a format, found once per text: 0 not yet known, PLAIN, or ESCAPED. */
const PLAIN = 1;
const ESCAPED = 2;
const csvState = new WeakMap<StringPool, Uint8Array>();
const jsonState = new WeakMap<StringPool, Uint8Array>();

/** The state array of a pool, sized to it (a pool may have grown since it was made). */
function stateOf(states: WeakMap<StringPool, Uint8Array>, pool: StringPool): Uint8Array {
  let state = states.get(pool);
  if (!state || state.length < pool.size) {
    const bigger = new Uint8Array(pool.size + 1024);
    if (state) bigger.set(state);
    states.set(pool, (state = bigger));
  }
  return state;
}

/** What comes before a JSON value (jsonChunks): the quote that closes the text before it, the one that opens it. */
const OPEN = 1;
const CLOSE = 2;

/** Characters JSON.stringify escapes in a string (a surrogate pair it does not, but it is rare enough to ask it). */
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The published JSON file of a table (an array of records, pretty-printed as `JSON.stringify(records, null, 2)`
 * prints it, and a line break) as pieces of text, a chunk of records at a time. The table is checked against its
 * JSON Schema first (tableSchemaProblems): where it breaks it, a ProblemsError is thrown before anything is
 * yielded, so a file that breaks its schema is never begun.
 */
export function* jsonChunks(tables: PublishedTables, name: PublishedTableName): Generator<string> {
  const { pool, tables: compact } = compactOf(tables);
  const table = compact[name];
  const problems = tableSchemaProblems(table, pool);
  if (problems.length > 0) throw new ProblemsError(problems);
  if (table.length === 0) {
    yield '[]\n';
    return;
  }
  const texts = pool.texts;
  const state = stateOf(jsonState, pool);
  const { cells, holders } = table;
  const last = cells.length - 1;
  const quoted = holders.map((h) => h === 'text');
  // What comes before each cell's value, made once: the quote that closed the value before it (if that was a text),
  // the comma and line break, the key, and the quote that opens this value (if it is a text). So a cell is two
  // pieces of text added, its value and this, where a key, quotes, the value and a separator were five.
  const joins = table.columns.map((column, c) =>
    [0, 1, 2, 3].map(
      (v) =>
        (v & CLOSE ? '"' : '') + (c === 0 ? '' : ',\n') + `    ${JSON.stringify(column)}: ` + (v & OPEN ? '"' : ''),
    ),
  );
  for (let from = 0; from < table.length; from += CHUNK_ROWS) {
    const to = Math.min(from + CHUNK_ROWS, table.length);
    let text = from === 0 ? '[\n' : ',\n';
    for (let r = from; r < to; r++) {
      text += r === from ? '  {\n' : ',\n  {\n';
      let close = 0; // CLOSE where the value before was a text
      for (let c = 0; c <= last; c++) {
        const id = cells[c]![r]!;
        if (id === NONE) {
          text += joins[c]![close] + 'null';
          close = 0;
        } else if (!quoted[c]) {
          text += joins[c]![close];
          text += texts[id]!; // a number's text is its JSON (isJsonExact), a boolean's too
          close = 0;
        } else {
          const s = texts[id]!;
          let known = state[id];
          if (known === 0) state[id] = known = JSON_SPECIAL.test(s) ? ESCAPED : PLAIN;
          text += joins[c]![close | OPEN];
          text += known === PLAIN ? s : JSON.stringify(s).slice(1, -1);
          close = CLOSE;
        }
      }
      text += close === CLOSE ? '"\n  }' : '\n  }';
      // handed on every few records: a string of thousands of pieces costs more to encode than its pieces do
      if ((r & (PIECE_ROWS - 1)) === PIECE_ROWS - 1) {
        yield text;
        text = '';
      }
    }
    if (text !== '') yield text;
  }
  yield '\n]\n';
}

/**
 * One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break, with its
 * quotes doubled. These are the bytes csv-stringify writes with `quote_record_delimiter` on (tests/output.test.ts
 * checks the two against each other); written out here because csv-stringify's general options cost about
 * three times as much per field, and a large release has millions of fields (docs/performance.md).
 */
const NEEDS_QUOTES = /[",\r\n]/;
export const csvField = (text: string): string => (NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** One CSV record: its fields, quoted where needed, joined by commas and ended by CRLF. */
export const csvRecord = (cells: readonly string[]): string => cells.map(csvField).join(',') + '\r\n';

/**
 * A published CSV file (header row, CRLF, quoted where needed, no BOM) as text, PIECE_ROWS lines at a time, made as
 * they are read: each piece goes straight into the encoder (files.ts) on its way to the file (a piece a line
 * cost the encoder a call a line).
 */
export function* csvLines(tables: PublishedTables, name: PublishedTableName): Generator<string> {
  const { pool, tables: compact } = compactOf(tables);
  const table = compact[name];
  const texts = pool.texts;
  const state = stateOf(csvState, pool);
  const { cells } = table;
  const last = cells.length - 1;
  yield csvRecord(table.columns);
  let text = '';
  for (let r = 0; r < table.length; r++) {
    for (let c = 0; c <= last; c++) {
      const id = cells[c]![r]!;
      if (id !== NONE) {
        const s = texts[id]!;
        let known = state[id];
        if (known === 0) state[id] = known = NEEDS_QUOTES.test(s) ? ESCAPED : PLAIN;
        text += known === PLAIN ? s : csvField(s);
      }
      text += c === last ? '\r\n' : ',';
    }
    if ((r & (PIECE_ROWS - 1)) === PIECE_ROWS - 1) {
      yield text;
      text = '';
    }
  }
  if (text !== '') yield text;
}

/** A published CSV file rendered to UTF-8 chunks in memory, with its size and digest. */
export function renderCsv(tables: PublishedTables, name: PublishedTableName): RenderedFile {
  const out = new Utf8Chunks();
  for (const line of csvLines(tables, name)) out.add(line);
  return out.finish();
}
