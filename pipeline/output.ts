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

/** Records with the schema's keys in column order, decimals as JSON numbers. */
export function toJsonRecords(tables: PublishedTables, name: PublishedTableName): Row[] {
  const columns = columnsOf(loadSchemas().published[name]);
  const decimals = new Set(DECIMAL_COLUMNS[name]);
  return rowsOf(tables, name).map((row) => {
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

export interface CsvOptions {
  /** Start with a UTF-8 BOM: the spreadsheet copy for Excel and WPS on Chinese-locale Windows. */
  bom?: boolean;
}

export function toCsv(tables: PublishedTables, name: PublishedTableName, options: CsvOptions = {}): string {
  const columns = columnsOf(loadSchemas().published[name]);
  const records = rowsOf(tables, name).map((row) =>
    columns.map((c) => {
      const v = row[c];
      return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
    }),
  );
  return stringify([columns, ...records], { record_delimiter: 'windows', bom: options.bom ?? false });
}
