/**
 * The release workbook: one .xlsx that Excel, WPS and LibreOffice open without an import dialog. Its first
 * sheet (README) says what it is, which version, when it was released, how to cite it and its licence; then
 * comes a sheet per published table, with the table's columns in order, each cell typed by the Table Schema:
 *
 *   string           text cell with the text format "@": 87.56%, 2016/2020, an area code, 10|42 stay as written
 *   number, integer  number cell, exact (published values have at most 15 significant digits)
 *   boolean          boolean cell
 *   date             date cell, shown yyyy-mm-dd
 *   missing          empty cell
 *
 * The header row is frozen and filterable, and columns are as wide as their text (a CJK character counts two).
 * The workbook is byte-reproducible: its creation date and its zip entries' timestamps are the release date.
 *
 * Written with exceljs's streaming writer, a row at a time: its in-memory workbook keeps an object per cell,
 * gigabytes for a large release.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Row as ExcelRow, stream as ExcelStream, Style, Workbook, Worksheet } from 'exceljs';
import { isJsonExact } from '../../core/decimal.js';
import { loadSchemas, PUBLISHED_TABLES, type PublishedTableName } from '../../core/schemas.js';
import type { Cell, PublishedTables } from '../../stages/tables/rows.js';
import { tableSchemaOf, type TableSchemaField } from './datapackage.js';

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

type Value = string | number | boolean | Date | null;

// One style object per kind, shared by every cell: exceljs finds a style it has seen by object identity, and
// looks any other up by its JSON, cell after cell.
const STYLES = {
  text: { numFmt: '@' },
  number: {},
  boolean: {},
  date: { numFmt: 'yyyy-mm-dd' },
  header: { numFmt: '@', font: { bold: true } },
} satisfies Record<string, Partial<Style>>;
type Kind = keyof typeof STYLES;

const KIND_OF_TYPE: Record<string, Kind> = { number: 'number', integer: 'number', boolean: 'boolean', date: 'date' };
const kindOf = (field: TableSchemaField): Kind => KIND_OF_TYPE[field.type] ?? 'text';

/** Each date once: a large table repeats a few period starts and ends many times. */
const dates = new Map<string, Date>();
function dateOf(v: string): Date | undefined {
  let date = dates.get(v);
  if (date === undefined && /^\d{4}-\d{2}-\d{2}$/.test(v)) dates.set(v, (date = new Date(`${v}T00:00:00Z`)));
  return date;
}

/** A published cell as the workbook holds it, or undefined where its column's type cannot hold it exactly. */
function cellValue(v: Cell | undefined, kind: Kind): Value | undefined {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'number':
      return typeof v === 'number' || (typeof v === 'string' && isJsonExact(v)) ? Number(v) : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined;
    case 'date':
      return dateOf(String(v));
    default:
      return String(v);
  }
}

/** A cell's text as a spreadsheet shows it, for its column's width. */
const shown = (v: Cell | Date | undefined, kind: Kind): string =>
  v === null || v === undefined ? '' : kind === 'date' ? 'yyyy-mm-dd' : String(v);

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;

/** Width of a text in spreadsheet columns: CJK and other full-width characters count two. */
export function displayWidth(text: string): number {
  if (!/[^\x00-\x7f]/.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/**
 * Column widths that fit the text of every row, with room for the filter button, within 10..max (exceljs
 * takes a width of 9 for its default and leaves it out of the file).
 */
function fitWidths(rows: number, columns: number, text: (r: number, c: number) => string, max: number): number[] {
  const widths = new Array<number>(columns).fill(0);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) widths[c] = Math.max(widths[c]!, displayWidth(text(r, c)));
  return widths.map((w) => Math.min(Math.max(w + 3, 10), max));
}

/** Append a row; each non-empty cell gets the shared style of its kind. */
function addRow(sheet: Worksheet, values: readonly Value[], kinds: readonly Kind[]): void {
  const row: ExcelRow = sheet.addRow([...values]);
  values.forEach((v, i) => {
    if (v !== null) row.getCell(i + 1).style = STYLES[kinds[i]!];
  });
  row.commit();
}

/** A sheet with a frozen, filterable header row. */
function addSheet(book: Workbook, name: string, header: readonly string[], widths: readonly number[]): Worksheet {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = widths.map((width) => ({ width }));
  addRow(
    sheet,
    header,
    header.map(() => 'header'),
  );
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  return sheet;
}

/** Rows written between two pauses, in which the zip writer compresses what is written so far. */
const BATCH_ROWS = 1000;

/** One published table as a sheet named after it, a row at a time. */
async function addTableSheet(book: Workbook, name: PublishedTableName, rows: readonly Record<string, Cell>[]) {
  const fields = tableSchemaOf(loadSchemas().published[name], false).fields;
  const kinds = fields.map(kindOf);
  const header = fields.map((f) => f.name);
  const text = (r: number, c: number) => (r === 0 ? header[c]! : shown(rows[r - 1]![header[c]!], kinds[c]!));
  const sheet = addSheet(book, name, header, fitWidths(rows.length + 1, header.length, text, 60));
  for (let r = 0; r < rows.length; r++) {
    const values = header.map((column, c) => {
      const value = cellValue(rows[r]![column], kinds[c]!);
      if (value === undefined)
        throw new Error(`workbook: ${name} row ${r + 1}, ${column}: ${rows[r]![column]} is not a ${fields[c]!.type}`);
      return value;
    });
    addRow(sheet, values, kinds);
    if (r % BATCH_ROWS === BATCH_ROWS - 1) await new Promise(setImmediate);
  }
  sheet.commit();
}

/** The first cell of the README sheet's two table headings. */
const SHEET_LABEL = 'Sheet 工作表';

/** The README sheet's rows: what the workbook is, then its sheets, then every column of every sheet. */
function readmeRows(meta: WorkbookMeta, tables: PublishedTables): Value[][] {
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
    [],
    [SHEET_LABEL, 'Title 标题', 'Rows 行数'],
    ...PUBLISHED_TABLES.map((t): Value[] => [t, published[t].title, tables[t].length]),
    [],
    [SHEET_LABEL, 'Column 字段', 'Title 标题', '中文名', 'Type 类型', 'Description 说明'],
  ];
  for (const t of PUBLISHED_TABLES)
    for (const f of tableSchemaOf(published[t], false).fields)
      rows.push([t, f.name, f.title ?? '', f['x-title-zh'] ?? '', f.type, f.description ?? '']);
  return rows;
}

/** The README sheet: labels in bold in the first column, and the headings of its two tables. */
function addReadmeSheet(book: Workbook, meta: WorkbookMeta, tables: PublishedTables): void {
  const rows = readmeRows(meta, tables);
  const sheet = book.addWorksheet(README_SHEET);
  const columns = Math.max(...rows.map((row) => row.length));
  const text = (r: number, c: number) => String(rows[r]![c] ?? '');
  sheet.columns = fitWidths(rows.length, columns, text, 80).map((width) => ({ width }));
  for (const row of rows) {
    const heading = row[0] === SHEET_LABEL;
    addRow(
      sheet,
      row,
      row.map((v, i) => (heading ? 'header' : typeof v === 'number' ? 'number' : i === 0 ? 'header' : 'text')),
    );
  }
  sheet.commit();
}

/**
 * Set every entry's modification time in a zip (local headers and central directory) to `date` at 00:00:00:
 * the zip writer stamps each entry with the clock.
 */
export function setZipTimes(zip: Buffer, date: string): Buffer {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dosDate = ((y - 1980) << 9) | (m << 5) | d;
  const end = zip.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  if (end < 0) throw new Error('workbook: no end of central directory in the zip');
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`workbook: no central directory entry at ${at}`);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`workbook: no local header at ${local}`);
    zip.writeUInt32LE(dosDate << 16, at + 12); // time 00:00:00, then the date
    zip.writeUInt32LE(dosDate << 16, local + 10);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

// Only the streaming writer is loaded (a tenth of a second), not all of exceljs (readers, CSV, three times as
// long): a release pays for it, a run that finds nothing changed does not. The version is pinned exactly.
type WorkbookWriter = typeof ExcelStream.xlsx.WorkbookWriter;
const loadWriter = (): WorkbookWriter =>
  createRequire(import.meta.url)('exceljs/lib/stream/xlsx/workbook-writer.js') as WorkbookWriter;

/** The workbook of a release, as the bytes of an .xlsx file. */
export async function renderWorkbook(tables: PublishedTables, meta: WorkbookMeta): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const written = finished(out);
  const Writer = loadWriter();
  // shared strings (cells of type "s"), which every reader knows; without them exceljs writes type "str",
  // meant for the result of a formula
  const book = new Writer({ stream: out, useStyles: true, useSharedStrings: true });
  book.creator = book.lastModifiedBy = meta.name;
  book.title = meta.title;
  book.description = meta.description;
  book.keywords = meta.keywords.join(', ');
  book.created = book.modified = new Date(`${meta.date}T00:00:00Z`);
  addReadmeSheet(book, meta, tables);
  for (const name of PUBLISHED_TABLES)
    await addTableSheet(book, name, tables[name] as unknown as Record<string, Cell>[]);
  await book.commit();
  await written;
  return setZipTimes(Buffer.concat(chunks), meta.date);
}
