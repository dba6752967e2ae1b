/**
 * The release workbook: one .xlsx that Excel, WPS and LibreOffice open without an import dialog. Its first
 * sheet (README) says what it is, which version, when it was released, how to cite it and its licence; then
 * comes a sheet per published table, with the table's columns in order, each cell typed by the Table Schema:
 *
 *   string           text cell with the text format "@": 87.56%, 2016/2020, an area code, 10|42 stay as written
 *   number, integer  number cell, exact (published values have at most 15 significant digits)
 *   boolean          boolean cell
 *   date             date cell, shown yyyy-mm-dd
 *   missing          no cell
 *
 * The header row is frozen and filterable, and columns are as wide as their text (a CJK character counts two).
 * The workbook is byte-reproducible: its creation date and its zip entries' timestamps are the release date.
 * Written by spreadsheet.ts a row at a time, compressed a chunk at a time (zlib, on its own thread).
 *
 * A sheet holds at most 1 048 576 rows (Excel's limit, and so every reader's). A table longer than that is split
 * across sheets named `observations (1)`, `observations (2)` …, each with the header row, the rows in order; the
 * README sheet lists the parts and says so. A workbook with no such table is as it always was.
 */
import { isJsonExact } from '../../core/decimal.js';
import { loadSchemas, PUBLISHED_TABLES, type PublishedTableName } from '../../core/schemas.js';
import { NONE, type StringPool } from '../../core/pool.js';
import { compactOf, type CompactTable } from '../../stages/tables/compact.js';
import type { PublishedTables } from '../../stages/tables/rows.js';
import { tableSchemaOf, type TableSchemaField } from './table-schema.js';
import { dateSerial, displayWidth, STYLE, WorkbookWriter, type SheetWriter } from './spreadsheet.js';

export { displayWidth } from './spreadsheet.js';

/** What the README sheet says: the data package's metadata, passed in (no dataset words here). */
export interface WorkbookMeta {
  name: string;
  title: string;
  description: string;
  keywords: string[];
  version: string;
  /** The release date, YYYY-MM-DD. */
  date: string;
  contentHash: string;
  license: { name: string; path: string; title: string };
  sources: { title: string; path?: string }[];
}

/** The workbook's path in a release: the package name, without the version, so latest/ keeps a stable URL. */
export const workbookPath = (packageName: string): string => `${packageName}.xlsx`;

/** The sheet of the first page; each table's sheet is named after the table. */
export const README_SHEET = 'README';

/** The most rows a sheet holds, its header row included: Excel's limit, and so every reader's. */
export const SHEET_ROWS = 1_048_576;

/**
 * The rows a sheet may hold here, header included: SHEET_ROWS, unless PIPELINE_SHEET_ROWS (for tests only) sets
 * a smaller number, so that a test can see a table split across sheets without writing a million rows.
 */
export function sheetRowLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PIPELINE_SHEET_ROWS);
  return Number.isInteger(n) && n >= 2 && n < SHEET_ROWS ? n : SHEET_ROWS;
}

/** One sheet of a table: its name, the index of its first row in the table, and how many rows of the table it holds. */
export interface SheetPart {
  name: string;
  first: number;
  rows: number;
}

/** Excel's limit on the length of a sheet's name. */
const SHEET_NAME_LENGTH = 31;

/**
 * The sheets a table of `rows` rows takes: one named after the table, or, past `limit` rows with the header, parts
 * named `table (1)`, `table (2)` … (the name cut where name and number would pass 31 characters).
 */
export function sheetsOf(table: string, rows: number, limit: number = sheetRowLimit()): SheetPart[] {
  const per = limit - 1; // each sheet has the header row
  if (rows <= per) return [{ name: table, first: 0, rows }];
  const parts: SheetPart[] = [];
  for (let first = 0, n = 1; first < rows; first += per, n++) {
    const suffix = ` (${n})`;
    parts.push({
      name: table.slice(0, SHEET_NAME_LENGTH - suffix.length) + suffix,
      first,
      rows: Math.min(per, rows - first),
    });
  }
  return parts;
}

/** Options for tests: the rows a sheet may hold (sheetRowLimit), and the folder for scratch files. */
export interface WorkbookOptions {
  sheetRows?: number;
  scratch?: string;
}

type Kind = 'text' | 'number' | 'boolean' | 'date';
const KIND_OF_TYPE: Record<string, Kind> = { number: 'number', integer: 'number', boolean: 'boolean', date: 'date' };
const kindOf = (field: TableSchemaField): Kind => KIND_OF_TYPE[field.type] ?? 'text';

/** Each date's serial number once: a large table repeats a few period starts and ends many times. */
const serials = new Map<string, number | undefined>();
function serialOf(v: string): number | undefined {
  if (!serials.has(v)) serials.set(v, dateSerial(v));
  return serials.get(v);
}

/**
 * Write one published cell, given by its text's number in the pool, into `sheet` as its column's type holds it;
 * false where the type cannot hold it exactly (a bug upstream: published tables are checked against their schemas).
 * `numbers` remembers which texts were checked as exact numbers (1) or found not to be (2).
 */
function writeCell(sheet: SheetWriter, id: number, kind: Kind, texts: readonly string[], numbers: Uint8Array): boolean {
  if (id === NONE) {
    sheet.empty();
    return true;
  }
  switch (kind) {
    case 'number': {
      const text = texts[id]!;
      if (numbers[id] === 0) numbers[id] = isJsonExact(text) ? 1 : 2;
      if (numbers[id] !== 1) return false;
      sheet.number(text);
      return true;
    }
    case 'boolean': {
      const text = texts[id]!;
      if (text !== 'true' && text !== 'false') return false;
      sheet.boolean(text === 'true');
      return true;
    }
    case 'date': {
      const serial = serialOf(texts[id]!);
      if (serial === undefined) return false;
      sheet.date(serial);
      return true;
    }
    default:
      sheet.textId(id);
      return true;
  }
}

const widthOf = (width: number, max: number) => Math.min(Math.max(width + 3, 10), max);

/** Column widths that fit the text of every row, with room for the filter button, within 10..max. */
function fitWidths(rows: readonly (readonly Value[])[], max: number): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((v, c) => (widths[c] = Math.max(widths[c] ?? 0, displayWidth(String(v)))));
  return widths.map((w) => widthOf(w, max));
}

/**
 * The widths of a table's columns, as fitWidths. A text of n characters is at most 2n wide, so most cells are
 * passed over without measuring them; and the rows are read one after another, each once (reading a column
 * at a time went through every row again for each column, from memory rather than the processor's cache).
 */
function tableWidths(
  header: readonly string[],
  kinds: readonly Kind[],
  table: CompactTable,
  pool: StringPool,
  max: number,
): number[] {
  const widths = header.map(displayWidth);
  const dates = kinds.map((k) => k === 'date');
  const { cells } = table;
  const texts = pool.texts;
  const lengths = lengthsOf(pool); // read in order from one array, not from each text in the heap
  // each text's width plus one, measured the first time a cell needs it (0: not yet): texts repeat down a column
  const measured = new Int32Array(pool.size);
  for (let r = 0; r < table.length; r++)
    for (let c = 0; c < header.length; c++) {
      const width = widths[c]!;
      if (width + 3 >= max) continue;
      const id = cells[c]![r]!;
      if (id === NONE) continue;
      if (dates[c]) {
        widths[c] = Math.max(width, DATE_WIDTH); // a date is shown as yyyy-mm-dd, whatever its text
        continue;
      }
      if (2 * lengths[id]! <= width) continue;
      if (measured[id] === 0) measured[id] = displayWidth(texts[id]!) + 1;
      widths[c] = Math.max(width, measured[id]! - 1);
    }
  return widths.map((w) => widthOf(w, max));
}

const DATE_WIDTH = displayWidth('yyyy-mm-dd');

/** The length of each text of a pool, by its number (made once per pool and size, for tableWidths). */
const lengthCache = new WeakMap<StringPool, Uint32Array>();
function lengthsOf(pool: StringPool): Uint32Array {
  let lengths = lengthCache.get(pool);
  if (!lengths || lengths.length !== pool.size) {
    lengths = new Uint32Array(pool.size);
    const texts = pool.texts;
    for (let id = 1; id < pool.size; id++) lengths[id] = texts[id]!.length;
    lengthCache.set(pool, lengths);
  }
  return lengths;
}

/** One published table as a sheet named after it (or as several, see sheetsOf), a row at a time. */
async function addTableSheets(book: WorkbookWriter, table: CompactTable, pool: StringPool, parts: SheetPart[]) {
  const name = table.name;
  const fields = tableSchemaOf(loadSchemas().published[name], false).fields;
  const kinds = fields.map(kindOf);
  const header = fields.map((f) => f.name);
  if (header.join() !== table.columns.join()) throw new Error(`workbook: ${name} has other columns than its schema`);
  const texts = pool.texts;
  const widths = tableWidths(header, kinds, table, pool, 60);
  const numbers = new Uint8Array(pool.size);
  const { cells } = table;
  for (const part of parts) {
    const sheet = book.sheet({ name: part.name, widths, rows: part.rows + 1, header: true });
    sheet.startRow();
    for (const column of header) sheet.text(column, STYLE.header);
    sheet.endRow();
    for (let r = part.first; r < part.first + part.rows; r++) {
      sheet.startRow();
      for (let c = 0; c < header.length; c++)
        if (!writeCell(sheet, cells[c]![r]!, kinds[c]!, texts, numbers))
          throw new Error(
            `workbook: ${name} row ${r + 1}, ${header[c]}: ${pool.text(cells[c]![r]!)} is not a ${fields[c]!.type}`,
          );
      if (sheet.endRow()) await sheet.flush();
    }
    await sheet.end();
  }
}

/** A README cell: text, or a number (a table's row count). */
type Value = string | number;

/** The first cell of the README sheet's two table headings. */
const SHEET_LABEL = 'Sheet 工作表';

/** A table's rows on the README sheet: its sheet, or each of its parts, with its title and rows. */
function sheetRows(table: PublishedTableName, title: string, parts: SheetPart[]): Value[][] {
  if (parts.length === 1) return [[table, title, parts[0]!.rows]];
  return parts.map((p, i) => [
    p.name,
    `${title} (part ${i + 1} of ${parts.length}: rows ${p.first + 1} to ${p.first + p.rows})`,
    p.rows,
  ]);
}

/** The README sheet's rows: what the workbook is, then its sheets, then every column of every sheet. */
function readmeRows(meta: WorkbookMeta, parts: Map<PublishedTableName, SheetPart[]>): Value[][] {
  const { published } = loadSchemas();
  const { title, version, date, contentHash, license } = meta;
  const citation = `${title}, version ${version} (${date}), content hash ${contentHash}. Licence ${license.name}.`;
  const rows: Value[][] = [
    ['Dataset 数据集', title],
    ['Description 说明', meta.description],
    ['Package 数据包', meta.name],
    ['Version 版本', version],
    ['Released 发布日期', date],
    ['Content hash 内容哈希', contentHash],
    ['Licence 许可', `${license.title} (${license.name}) ${license.path}`],
    ['How to cite 引用', citation],
    ['', 'Cite the version you used, not latest/: a version never changes. 请引用具体版本。'],
    ...meta.sources.map((s): Value[] => ['Source 来源', s.path ? `${s.title} ${s.path}` : s.title]),
    [
      'Cells 单元格',
      'Text columns hold text, even where it looks like a number, a percentage or a date; numbers are exact; an empty cell is a missing value. 文本列保持原样，数值精确，空单元格表示缺失。',
    ],
    ...longTablesNote(parts),
    [],
    [SHEET_LABEL, 'Title 标题', 'Rows 行数'],
    ...PUBLISHED_TABLES.flatMap((t) => sheetRows(t, published[t].title, parts.get(t)!)),
    [],
    [SHEET_LABEL, 'Column 字段', 'Title 标题', '中文名', 'Type 类型', 'Description 说明'],
  ];
  for (const t of PUBLISHED_TABLES)
    for (const f of tableSchemaOf(published[t], false).fields)
      rows.push([t, f.name, f.title ?? '', f['x-title-zh'] ?? '', f.type, f.description ?? '']);
  return rows;
}

/** Where a table is split across sheets, a row that says so (none otherwise: the README is as it was). */
function longTablesNote(parts: Map<PublishedTableName, SheetPart[]>): Value[][] {
  const split = [...parts].filter(([, p]) => p.length > 1);
  if (split.length === 0) return [];
  const per = split[0]![1][0]!.rows;
  const names = split.map(([t, p]) => `${t} (${p.length} sheets: ${p[0]!.name} to ${p.at(-1)!.name})`).join('; ');
  return [
    [
      'Long tables 长表',
      `A sheet holds at most ${per} rows of a table: ${names}. Each part has the header row; the rows continue in order from one part to the next. 超过一个工作表行数上限的表分为多个工作表，按顺序续接，每个工作表都有表头。`,
    ],
  ];
}

/** The README sheet: labels in bold in the first column, and the headings of its two tables. */
async function addReadmeSheet(
  book: WorkbookWriter,
  meta: WorkbookMeta,
  parts: Map<PublishedTableName, SheetPart[]>,
): Promise<void> {
  const rows = readmeRows(meta, parts);
  const sheet = book.sheet({
    name: README_SHEET,
    widths: fitWidths(rows, 80),
    rows: rows.length,
    header: false,
  });
  for (const row of rows) {
    const heading = row[0] === SHEET_LABEL;
    sheet.startRow();
    row.forEach((v, i) => {
      if (typeof v === 'number') sheet.number(String(v));
      else if (v === '') sheet.empty();
      else sheet.text(v, heading || i === 0 ? STYLE.header : STYLE.text);
    });
    sheet.endRow();
  }
  await sheet.end();
}

/** The workbook of a release, as the bytes of an .xlsx file, in chunks as they are made. */
export async function* renderWorkbook(
  tables: PublishedTables,
  meta: WorkbookMeta,
  options: WorkbookOptions = {},
): AsyncGenerator<Buffer> {
  const compact = compactOf(tables);
  const book = new WorkbookWriter(
    {
      title: meta.title,
      description: meta.description,
      keywords: meta.keywords.join(', '),
      creator: meta.name,
      date: meta.date,
    },
    options.scratch,
    compact.pool,
  );
  const limit = options.sheetRows ?? sheetRowLimit();
  const parts = new Map(PUBLISHED_TABLES.map((t) => [t, sheetsOf(t, compact.tables[t].length, limit)]));
  await addReadmeSheet(book, meta, parts);
  for (const name of PUBLISHED_TABLES) await addTableSheets(book, compact.tables[name], compact.pool, parts.get(name)!);
  yield* book.finish();
}
