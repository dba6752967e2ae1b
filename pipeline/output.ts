/**
 * Serialize published tables: CSV (RFC 4180, UTF-8 without BOM, CRLF, header row) and JSON (an array of
 * records, numbers as JSON numbers, missing as null). Both are pure functions returning bytes, so the
 * same tables always give the same files.
 */
import { stringify } from 'csv-stringify/sync';
import { isJsonExact } from './check.js';
import { loadSchemas, columnsOf, type PublishedTableName } from './schemas.js';
import { DECIMAL_COLUMNS, type Cell, type PublishedTables } from './tables.js';

type Row = Record<string, Cell>;

function rowsOf(tables: PublishedTables, name: PublishedTableName): Row[] {
  return tables[name] as unknown as Row[];
}

/**
 * Rows serialized per chunk by toCsvChunks and toJsonChunks: a large table becomes UTF-8 a chunk at a time
 * instead of one JS string of the whole file (which, holding Chinese text, takes two bytes a character).
 */
const CHUNK_ROWS = 2000;

/** Records with the schema's keys in column order, decimals as JSON numbers. */
export function toJsonRecords(tables: PublishedTables, name: PublishedTableName): Row[] {
  return jsonRecordsOf(rowsOf(tables, name), name);
}

function jsonRecordsOf(rows: Row[], name: PublishedTableName): Row[] {
  const columns = columnsOf(loadSchemas().published[name]);
  const decimals = new Set(DECIMAL_COLUMNS[name]);
  return rows.map((row) => {
    const out: Row = {};
    for (const c of columns) {
      const v = row[c] ?? null;
      if (decimals.has(c) && typeof v === 'string') {
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

export function toJson(tables: PublishedTables, name: PublishedTableName): string {
  return JSON.stringify(toJsonRecords(tables, name), null, 2) + '\n';
}

/**
 * The bytes of toJson as UTF-8 chunks, a chunk of records at a time: `JSON.stringify(chunk, null, 2)` is
 * `[\n` + the records, each indented one level, joined by `,\n` + `\n]`, exactly as they appear in the
 * whole array; so the inner parts of the chunks, joined by `,\n`, make the same file.
 */
export function toJsonChunks(tables: PublishedTables, name: PublishedTableName): Buffer[] {
  const rows = rowsOf(tables, name);
  if (rows.length === 0) return [Buffer.from('[]\n')];
  const chunks: Buffer[] = [];
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const inner = JSON.stringify(jsonRecordsOf(rows.slice(i, i + CHUNK_ROWS), name), null, 2).slice(2, -2);
    chunks.push(Buffer.from((i === 0 ? '[\n' : ',\n') + inner));
  }
  chunks.push(Buffer.from('\n]\n'));
  return chunks;
}

export interface CsvOptions {
  /** Start with a UTF-8 BOM: the spreadsheet copy for Excel and WPS on Chinese-locale Windows. */
  bom?: boolean;
}

const cellsOf = (columns: string[]) => (row: Row) =>
  columns.map((c) => {
    const v = row[c];
    return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
  });

export function toCsv(tables: PublishedTables, name: PublishedTableName, options: CsvOptions = {}): string {
  const columns = columnsOf(loadSchemas().published[name]);
  const records = rowsOf(tables, name).map(cellsOf(columns));
  return stringify([columns, ...records], { record_delimiter: 'windows', bom: options.bom ?? false });
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The bytes of toCsv as UTF-8 chunks, stringified a chunk of records at a time: csv-stringify ends every record with the
 * delimiter and quotes each field on its own, so the chunks join into exactly the same file.
 */
export function toCsvChunks(tables: PublishedTables, name: PublishedTableName, options: CsvOptions = {}): Buffer[] {
  const columns = columnsOf(loadSchemas().published[name]);
  const rows = rowsOf(tables, name);
  const chunks: Buffer[] = options.bom ? [UTF8_BOM] : [];
  chunks.push(Buffer.from(stringify([columns], { record_delimiter: 'windows' })));
  for (let i = 0; i < rows.length; i += CHUNK_ROWS)
    chunks.push(
      Buffer.from(stringify(rows.slice(i, i + CHUNK_ROWS).map(cellsOf(columns)), { record_delimiter: 'windows' })),
    );
  return chunks;
}
