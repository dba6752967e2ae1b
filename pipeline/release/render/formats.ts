/**
 * The formats a release holds its tables in, declared once: where a table of the format lives (a file of its
 * own, or a sheet of the release's one workbook), how datapackage.json declares it, what the page says of the
 * file, and how it is rendered. publish, datapackage.json, the page, DCAT, serve and verify all read this list;
 * a new format is a new entry here and its renderer. Media types come from core/media.ts.
 *
 * CSV is the primary format: the content hash is taken over the CSV tables, and only the CSV resources carry
 * foreign keys (the JSON and sheet resources hold the same rows).
 */
import { mediaTypeOf } from '../../core/media.js';
import type { PublishedSchema } from '../../core/schemas.js';
import type { PublishedTableName, PublishedTables } from '../../stages/tables/rows.js';
import { csvLines, jsonChunks } from './output.js';
import { renderWorkbook, sheetsOf, type WorkbookMeta, type WorkbookOptions } from './workbook.js';

export type FormatId = 'csv' | 'json' | 'xlsx';

/** What a format renders: a file per table, or one file for all the tables of a release. */
export type Render =
  | { each: (tables: PublishedTables, name: PublishedTableName) => Iterable<string> }
  | { whole: (tables: PublishedTables, meta: WorkbookMeta, options: WorkbookOptions) => AsyncIterable<Buffer> };

export interface TableFormat {
  id: FormatId;
  /** The file a table of this format is in, in a release of the package `packageName`. */
  path: (table: PublishedTableName, packageName: string) => string;
  /** The resource's name in datapackage.json (the CSV resource is named after the table). */
  resourceName: (table: PublishedTableName) => string;
  /** The resource's title, from its table's. */
  title: (schema: PublishedSchema, table: PublishedTableName) => string;
  /** Text formats name their encoding. */
  encoding?: 'utf-8';
  /** How a reader reads the table of `rows` rows from the file (Frictionless dialect), if there is anything to say. */
  dialect?: (table: PublishedTableName, rows: number) => Record<string, unknown>;
  /** Whether its resources carry the foreign keys (the primary format only). */
  foreignKeys: boolean;
  /** What the page and DCAT say of a file of this format. */
  describe: (title: string) => string;
  render: Render;
}

export const CSV_DIALECT = { header: true, delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true };

/**
 * The sheet a table is on; a table split across sheets (workbook.ts sheetsOf) names its first sheet, and lists them
 * all in `x-sheetNames`, in order (a Frictionless reader reads the first).
 */
function xlsxDialect(table: PublishedTableName, rows: number): Record<string, unknown> {
  const parts = sheetsOf(table, rows);
  if (parts.length === 1) return { header: true, sheetName: table };
  return { header: true, sheetName: parts[0]!.name, 'x-sheetNames': parts.map((p) => p.name) };
}

export const FORMATS: readonly TableFormat[] = [
  {
    id: 'csv',
    path: (t) => `${t}.csv`,
    resourceName: (t) => t,
    title: (s) => s.title,
    encoding: 'utf-8',
    dialect: () => CSV_DIALECT,
    foreignKeys: true,
    describe: (title) => `${title}. CSV, UTF-8 without BOM`,
    render: { each: csvLines },
  },
  {
    id: 'json',
    path: (t) => `${t}.json`,
    resourceName: (t) => `${t}-json`,
    title: (s) => `${s.title} (JSON)`,
    encoding: 'utf-8',
    foreignKeys: false,
    describe: (title) => `${title}. JSON, an array of records`,
    render: { each: jsonChunks },
  },
  {
    id: 'xlsx',
    path: (_, packageName) => `${packageName}.xlsx`,
    resourceName: (t) => `${t}-xlsx`,
    title: (s, t) => `${s.title} (sheet ${t} of the workbook)`,
    dialect: xlsxDialect,
    foreignKeys: false,
    describe: () => 'Workbook for Excel, WPS and LibreOffice: a README sheet, then a sheet per table (表格软件版)',
    render: { whole: renderWorkbook },
  },
];

export const formatOf = (id: FormatId): TableFormat => FORMATS.find((f) => f.id === id)!;

/** The primary format: the one the content hash is taken over. */
export const PRIMARY = formatOf('csv');

/** The media type of a format's files. */
export const mediaTypeOfFormat = (f: TableFormat) => mediaTypeOf(f.path('observations', 'package'));

/** Which format and table a file of a release is, if it is one. */
export function tableFileOf(
  file: string,
  packageName: string,
  tables: readonly PublishedTableName[],
): { format: TableFormat; table: PublishedTableName | undefined } | undefined {
  for (const format of FORMATS) {
    if ('whole' in format.render) {
      if (file === format.path(tables[0]!, packageName)) return { format, table: undefined };
    } else {
      const table = tables.find((t) => format.path(t, packageName) === file);
      if (table) return { format, table };
    }
  }
  return undefined;
}
