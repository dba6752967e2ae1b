/**
 * The SpreadsheetML writer (pipeline/release/render/spreadsheet.ts) and its zip container (zip.ts), read back
 * with exceljs: texts that XML or Excel would change (markup, control characters, an `_x0041_` that reads as
 * an escape, white space at either end, line breaks, CJK and astral characters), numbers, booleans, dates and
 * missing cells; a sheet large enough to go to zlib in many chunks and a text larger than a chunk; shared
 * strings stored once; and a zip whose every entry inflates to its CRC-32 and size, stamped with one date,
 * the same bytes each time.
 */
import { inflateRawSync, crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { columnName, dateSerial, displayWidth, STYLE, WorkbookWriter } from '../pipeline/release/render/spreadsheet.js';
import { dosDate } from '../pipeline/release/render/zip.js';

const TRICKY = [
  'a & b < c > d "e"',
  'a_x0041_b', // Excel would read _x0041_ as "A"
  '_x005F_',
  'bell\x07 and escape\x1b',
  ' leading',
  'trailing ',
  'two\nlines',
  'carriage\r\nreturn',
  'tab\there',
  '=SUM(A1:A2)', // text, never a formula
  '87.56%',
  '2016/2020',
  '教育投入',
  '𠀀 astral',
];

type Written = { text?: string; number?: string; boolean?: boolean; date?: string };

/** A workbook of one sheet with a header row and these rows, as bytes. */
async function workbook(rows: Written[][], date = '2024-02-29'): Promise<Buffer> {
  const book = new WorkbookWriter({ title: 'T & t', description: 'd', keywords: 'k', creator: 'c', date });
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const sheet = book.sheet({ name: 'data', widths: new Array(columns).fill(12), rows: rows.length + 1, header: true });
  sheet.startRow();
  for (let c = 0; c < columns; c++) sheet.text(`column ${c}`, STYLE.header);
  sheet.endRow();
  for (const row of rows) {
    sheet.startRow();
    for (const cell of row) {
      if (cell.text !== undefined) sheet.text(cell.text);
      else if (cell.number !== undefined) sheet.number(cell.number);
      else if (cell.boolean !== undefined) sheet.boolean(cell.boolean);
      else if (cell.date !== undefined) sheet.date(dateSerial(cell.date)!);
      else sheet.empty();
    }
    if (sheet.endRow()) await sheet.flush();
  }
  await sheet.end();
  const chunks: Buffer[] = [];
  for await (const chunk of book.finish()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function read(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return book;
}

interface ZipEntry {
  name: string;
  date: number;
  time: number;
  data: Buffer;
}

/** Every entry of a zip, checked: local header and central directory agree, data inflates to CRC and size. */
function unzip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  expect(end).toBe(zip.length - 22);
  const entries: ZipEntry[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('latin1', at + 46, at + 46 + nameLength);
    const [crc, compressed, size] = [zip.readUInt32LE(at + 16), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24)];
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.subarray(local + 8, local + 26).equals(zip.subarray(at + 10, at + 28)), name).toBe(true);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(start, start + compressed));
    expect([data.length, crc32(data)], name).toEqual([size, crc]);
    entries.push({ name, date: zip.readUInt16LE(at + 14), time: zip.readUInt16LE(at + 12), data });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe('the spreadsheet writer', () => {
  test('texts come back exactly as written, as text with the text format', async () => {
    const book = await read(await workbook(TRICKY.map((text) => [{ text }])));
    const sheet = book.getWorksheet('data')!;
    TRICKY.forEach((text, i) => {
      const cell = sheet.getRow(i + 2).getCell(1);
      expect([cell.type, cell.value, cell.numFmt]).toEqual([ExcelJS.ValueType.String, text, '@']);
    });
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(book.title).toBe('T & t');
  });

  test('numbers exact, booleans, dates shown yyyy-mm-dd, and a missing value no cell at all', async () => {
    const numbers = ['0', '0.1', '-5.5', '1926000000', '123456789012345', '0.000001', '1e+21'];
    const dates = ['1900-03-01', '2016-12-31', '2024-02-29', '2099-01-01'];
    const rows: Written[][] = [
      ...numbers.map((number): Written[] => [{ number }, {}, { boolean: number === '0' }]),
      ...dates.map((date): Written[] => [{}, { date }]),
    ];
    const sheet = (await read(await workbook(rows))).getWorksheet('data')!;
    numbers.forEach((n, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(Number(n));
      expect(row.getCell(2).value).toBeNull();
      expect(row.getCell(3).value).toBe(n === '0');
    });
    dates.forEach((d, i) => {
      const cell = sheet.getRow(numbers.length + i + 2).getCell(2);
      expect([(cell.value as Date).toISOString(), cell.numFmt]).toEqual([`${d}T00:00:00.000Z`, 'yyyy-mm-dd']);
    });
    expect(dateSerial('2022-02-30')).toBeUndefined();
    expect(dateSerial('1900-03-01')).toBe(61); // Excel's serial, past its 29 February 1900
  });

  test('a frozen header row, an autofilter over the table, column widths', async () => {
    const sheet = (await read(await workbook([[{ text: 'x' }, { number: '1' }]]))).getWorksheet('data')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:B2');
    expect(sheet.getColumn(2).width).toBe(12);
  });

  test('a large sheet goes to zlib in many chunks; a text larger than a chunk; each text stored once', async () => {
    const long = '长'.repeat(400_000); // 1.2 MB of UTF-8, more than a buffer holds
    const rows: Written[][] = Array.from({ length: 30_000 }, (_, i) => [
      { text: `id-${i}` },
      { text: i % 3 ? 'education' : 'health' },
      { number: String(i / 4) },
    ]);
    rows.push([{ text: long }]);
    const bytes = await workbook(rows);
    const sheet = (await read(bytes)).getWorksheet('data')!;
    expect(sheet.actualRowCount).toBe(rows.length + 1);
    expect(sheet.getRow(20_001).getCell(1).value).toBe('id-19999');
    expect(sheet.getRow(20_001).getCell(3).value).toBe(19_999 / 4);
    expect(sheet.getRow(rows.length + 1).getCell(1).value).toBe(long);
    const sst = unzip(bytes)
      .find((e) => e.name === 'xl/sharedStrings.xml')!
      .data.toString('utf8');
    // 3 header texts, 30 000 ids, 2 domains and the long text; 3 + 60 000 + 1 uses
    expect(sst).toContain('count="60004" uniqueCount="30006"');
  });

  test('a zip whose entries inflate to their CRC and size, all stamped with the date, the same bytes twice', async () => {
    const bytes = await workbook(
      TRICKY.map((text) => [{ text }]),
      '2031-07-09',
    );
    const entries = unzip(bytes);
    expect(entries.map((e) => e.name).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'docProps/core.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(new Set(entries.map((e) => `${e.date}:${e.time}`))).toEqual(new Set([`${dosDate('2031-07-09')}:0`]));
    expect(dosDate('2031-07-09')).toBe(((2031 - 1980) << 9) | (7 << 5) | 9);
    expect(
      (
        await workbook(
          TRICKY.map((text) => [{ text }]),
          '2031-07-09',
        )
      ).equals(bytes),
    ).toBe(true);
    expect(() => dosDate('1979-12-31')).toThrow(/1980/);
  });

  test('sheet names Excel refuses are refused', () => {
    const book = new WorkbookWriter({ title: 't', description: 'd', keywords: 'k', creator: 'c', date: '2024-01-01' });
    for (const name of ['', 'a/b', 'x'.repeat(32), "it's"])
      expect(() => book.sheet({ name, widths: [10], rows: 1, header: false }), name).toThrow(/cannot name/);
  });

  test('column letters and display widths (CJK and full-width count two)', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(displayWidth('教育投入')).toBe(8);
    expect(displayWidth('87.56%')).toBe(6);
    expect(displayWidth('ＡＢ１')).toBe(6); // full-width forms
    expect(displayWidth('𠀀a')).toBe(3); // a CJK character outside the BMP, then a Latin one
    expect(displayWidth('😀')).toBe(1);
  });
});
