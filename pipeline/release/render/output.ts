/**
 * Serialize published tables: CSV (RFC 4180, UTF-8 without BOM, CRLF, header row) and JSON (an array of
 * records, numbers as JSON numbers, missing as null). Both are pure functions returning bytes, so the
 * same tables always give the same files.
 */
import { isJsonExact } from '../../core/decimal.js';
import { problem, ProblemsError, type Problem } from '../../core/errors.js';
import { loadSchemas, columnsOf, type PublishedTableName } from '../../core/schemas.js';
import { Utf8Chunks, type RenderedFile } from './files.js';
import type { Cell, PublishedTables } from '../../stages/tables/rows.js';

type Row = Record<string, Cell>;

function rowsOf(tables: PublishedTables, name: PublishedTableName): Row[] {
  return tables[name] as unknown as Row[];
}

/**
 * Records serialized per chunk by jsonChunks: a large table becomes JSON a chunk at a time instead of one JS
 * string of the whole file (which, holding Chinese text, takes two bytes a character).
 */
const CHUNK_ROWS = 2000;

/** Records with the schema's keys in column order, decimals as JSON numbers. */
export function toJsonRecords(tables: PublishedTables, name: PublishedTableName): Row[] {
  return jsonRecordsOf(rowsOf(tables, name), name);
}

/**
 * Which columns hold exact decimals: those the table's schema types as `number`. The pipeline keeps them as
 * strings (exact); JSON writes them as numbers, which they stay exactly (stages/check/mentions.ts refuses more
 * digits).
 */
function decimalColumns(name: PublishedTableName, columns: string[]): boolean[] {
  const properties = loadSchemas().published[name].items.properties;
  return columns.map((c) => {
    const type = properties[c]!.type;
    return Array.isArray(type) ? type.includes('number') : type === 'number';
  });
}

function jsonRecordsOf(rows: Row[], name: PublishedTableName): Row[] {
  const columns = columnsOf(loadSchemas().published[name]);
  const decimal = decimalColumns(name, columns);
  return rows.map((row) => {
    const out: Row = {};
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const v = row[c] ?? null;
      if (decimal[i] && typeof v === 'string') {
        // checked upstream; guard again so a float can never slip into a published file
        if (!isJsonExact(v)) throw new Error(`${name}.${c}: ${v} is not exactly representable as a JSON number`);
        out[c] = Number(v);
      } else {
        out[c] = v;
      }
    }
    return out;
  });
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
 * The published JSON file of a table (an array of records, pretty-printed) as pieces of text, a chunk of
 * records at a time, each chunk checked against the table's JSON Schema before it is yielded: throws a
 * ProblemsError at the first chunk that fails, so a file that breaks its schema is never finished.
 *
 * `JSON.stringify(chunk, null, 2)` is `[\n` + the records, each indented one level, joined by `,\n` +
 * `\n]`, exactly as they appear in the whole array; so the inner parts of the chunks, joined by `,\n`,
 * make the same file as `JSON.stringify(records, null, 2) + '\n'`.
 */
export function* jsonChunks(tables: PublishedTables, name: PublishedTableName): Generator<string> {
  const rows = rowsOf(tables, name);
  if (rows.length === 0) {
    const problems = publishedSchemaProblems(name, []);
    if (problems.length > 0) throw new ProblemsError(problems);
    yield '[]\n';
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const records = jsonRecordsOf(rows.slice(i, i + CHUNK_ROWS), name);
    const problems = publishedSchemaProblems(name, records, i);
    if (problems.length > 0) throw new ProblemsError(problems);
    yield i === 0 ? '[\n' : ',\n';
    yield JSON.stringify(records, null, 2).slice(2, -2);
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

/** A cell's text in CSV: missing as empty, booleans as true/false. */
const cellText = (v: Cell | undefined): string =>
  v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);

/** One CSV record: its fields, quoted where needed, joined by commas and ended by CRLF. */
export const csvRecord = (cells: readonly string[]): string => cells.map(csvField).join(',') + '\r\n';

/**
 * A published CSV file (header row, CRLF, quoted where needed, no BOM) as lines of text, made as they are read:
 * each goes straight into the encoder (files.ts) on its way to the file.
 */
export function* csvLines(tables: PublishedTables, name: PublishedTableName): Generator<string> {
  const columns = columnsOf(loadSchemas().published[name]);
  const last = columns.length - 1;
  yield csvRecord(columns);
  for (const row of rowsOf(tables, name)) {
    let line = ''; // csvRecord, without an array per row
    for (let c = 0; c <= last; c++) line += csvField(cellText(row[columns[c]!])) + (c === last ? '\r\n' : ',');
    yield line;
  }
}

/** A published CSV file rendered to UTF-8 chunks in memory, with its size and digest. */
export function renderCsv(tables: PublishedTables, name: PublishedTableName): RenderedFile {
  const out = new Utf8Chunks();
  for (const line of csvLines(tables, name)) out.add(line);
  return out.finish();
}
