/**
 * The release workbook, read back: every cell of every sheet against the CSV of the same table (text as text
 * with the text format, numbers equal to the CSV's decimal, dates, booleans, empties empty), the README sheet,
 * the frozen header and the widths, the same bytes from a second process, and, where LibreOffice is installed,
 * every sheet converted back to CSV by headless LibreOffice.
 *
 * The LibreOffice part is skipped, with the reason printed, only where soffice is missing and CI is not set.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSchemas, PUBLISHED_TABLES, type PublishedTableName } from '../pipeline/core/schemas.js';
import { tableSchemaOf, type TableSchemaField } from '../pipeline/release/render/datapackage.js';
import { displayWidth, README_SHEET, workbookPath } from '../pipeline/release/render/workbook.js';
import type { ReleaseEntry } from '../pipeline/release/store.js';
import { cli, expectCliBuilt, RAW, readJson, spawnCli, tempDir } from './helpers.js';

/** The dataset's metadata, as raw/package.json gives it. */
const PACKAGE = JSON.parse(readFileSync(path.join(RAW, 'package.json'), 'utf8')) as {
  name: string;
  title: string;
  license: { name: string; path: string };
};
const WORKBOOK = workbookPath(PACKAGE.name);
let dist: string;
let release: string;
let book: ExcelJS.Workbook;
let entry: ReleaseEntry;

const fieldsOf = (t: PublishedTableName): TableSchemaField[] => tableSchemaOf(loadSchemas().published[t]).fields;
const csvOf = async (t: PublishedTableName): Promise<string[][]> =>
  parse(await readFile(path.join(release, `${t}.csv`)), { bom: false }) as string[][];

beforeAll(async () => {
  dist = path.join(await tempDir('workbook-'), 'dist');
  const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
  expect(r.code, r.err).toBe(0);
  release = path.join(dist, '1.0.0');
  entry = (await readJson<{ releases: ReleaseEntry[] }>(path.join(dist, 'releases.json'))).releases[0]!;
  book = new ExcelJS.Workbook();
  await book.xlsx.load((await readFile(path.join(release, WORKBOOK))) as unknown as ExcelJS.Buffer);
});

/** What is wrong with one cell, against its CSV text, or undefined. */
function cellProblem(cell: ExcelJS.Cell, text: string, field: TableSchemaField): string | undefined {
  const v = cell.value;
  const got = `${cell.type}:${JSON.stringify(v)} (format ${cell.numFmt ?? 'General'})`;
  if (text === '') return v === null || v === undefined ? undefined : `${got}, expected empty`;
  switch (field.type) {
    case 'string':
      return cell.type === ExcelJS.ValueType.String && v === text && cell.numFmt === '@' ? undefined : got;
    case 'number':
    case 'integer':
      // the exact decimal of the CSV, not a number near it
      return typeof v === 'number' && String(v) === text ? undefined : got;
    case 'boolean':
      return v === (text === 'true') ? undefined : got;
    case 'date':
      return v instanceof Date && v.toISOString() === `${text}T00:00:00.000Z` && cell.numFmt === 'yyyy-mm-dd'
        ? undefined
        : got;
    default:
      return `unexpected field type ${field.type}`;
  }
}

describe('the workbook', () => {
  test('one per release, beside the CSV and JSON files; no BOM copies', async () => {
    const sums = await readFile(path.join(release, 'SHA256SUMS'), 'utf8');
    expect(sums).toContain(`  ${WORKBOOK}\n`);
    expect(sums).not.toContain('spreadsheet/');
  });

  test('a README sheet first, then a sheet per published table', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual([README_SHEET, ...PUBLISHED_TABLES]);
  });

  test('the README says what it is, which version, when, how to cite it and the licence', () => {
    const text = (book.getWorksheet(README_SHEET)!.getSheetValues() as unknown[][])
      .flatMap((row) => (row ?? []).map(String))
      .join('\n');
    for (const expected of [
      PACKAGE.title,
      PACKAGE.name,
      '1.0.0',
      entry.date,
      entry.content_hash,
      PACKAGE.license.name,
      PACKAGE.license.path,
      `${PACKAGE.title}, version 1.0.0 (${entry.date})`,
      '巴南', // a source title: Chinese intact
    ])
      expect(text).toContain(expected);
    for (const t of PUBLISHED_TABLES) expect(text).toContain(loadSchemas().published[t].title);
    expect(book.creator).toBe(PACKAGE.name);
    expect(book.title).toBe(PACKAGE.title);
  });

  test.each(PUBLISHED_TABLES)('%s: every cell as the CSV has it, typed by the Table Schema', async (t) => {
    const [header, ...rows] = await csvOf(t);
    const sheet = book.getWorksheet(t)!;
    const fields = fieldsOf(t);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
    expect(header).toEqual(fields.map((f) => f.name));
    expect(sheet.actualRowCount).toBe(rows.length + 1);
    const problems: string[] = [];
    rows.forEach((row, r) =>
      fields.forEach((field, c) => {
        const problem = cellProblem(sheet.getRow(r + 2).getCell(c + 1), row[c]!, field);
        if (problem) problems.push(`${t} row ${r + 2} ${field.name}: ${problem}, CSV has ${JSON.stringify(row[c])}`);
      }),
    );
    expect(problems).toEqual([]);
  });

  test('text that looks like a number, a percentage or a date stays text', () => {
    const observations = book.getWorksheet('observations')!;
    const column = (name: string) =>
      observations.getColumn(fieldsOf('observations').findIndex((f) => f.name === name) + 1).values;
    expect(column('value_as_written')).toContain('87.56%');
    expect(column('period')).toContain('2016/2020');
    expect(column('area_code')).toContain('500113');
    expect(column('source_paragraphs')).toContain('14|23');
    expect(column('label_zh')).toContain('教育投入');
  });

  test('a frozen, filterable header row, and columns as wide as their text (CJK counts two)', async () => {
    expect(displayWidth('教育投入')).toBe(8);
    expect(displayWidth('87.56%')).toBe(6);
    for (const t of PUBLISHED_TABLES) {
      const sheet = book.getWorksheet(t)!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      const rows = await csvOf(t);
      rows[0]!.forEach((_, c) => {
        const widest = Math.max(...rows.map((row) => displayWidth(row[c]!)));
        expect(sheet.getColumn(c + 1).width, `${t} ${rows[0]![c]}`).toBeGreaterThanOrEqual(Math.min(widest, 60));
      });
    }
  });

  test('byte-reproducible: every date in it is the release date; a second process writes the same bytes', async () => {
    expect(book.created.toISOString()).toBe(`${entry.date}T00:00:00.000Z`);
    expect(book.modified.toISOString()).toBe(`${entry.date}T00:00:00.000Z`);
    const bytes = await readFile(path.join(release, WORKBOOK));
    const [y, m, d] = entry.date.split('-').map(Number) as [number, number, number];
    expect(new Set(zipTimes(bytes))).toEqual(new Set([`${((y - 1980) << 9) | (m << 5) | d}:0`]));
    expectCliBuilt();
    const other = path.join(await tempDir('workbook-'), 'dist');
    const child = spawnCli(['publish', '--raw', RAW, '--dist', other, '--untraced']);
    expect((await child.exited).code, child.err()).toBe(0);
    expect((await readFile(path.join(other, '1.0.0', WORKBOOK))).equals(bytes)).toBe(true);
  });
});

/** Each zip entry's modification date and time (DOS format), from the central directory and local headers. */
function zipTimes(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  const times: string[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const local = zip.readUInt32LE(at + 42);
    times.push(`${zip.readUInt16LE(at + 14)}:${zip.readUInt16LE(at + 12)}`);
    times.push(`${zip.readUInt16LE(local + 12)}:${zip.readUInt16LE(local + 10)}`);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return times;
}

const SOFFICE = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find(
  (p) => spawnSync(p, ['--version'], { stdio: 'ignore', timeout: 60_000 }).status === 0,
);
const skipOffice = !SOFFICE && !process.env.CI;
if (skipOffice)
  console.warn(
    'workbook in LibreOffice SKIPPED: soffice not found (apt-get install -y libreoffice-calc-nogui); ' +
      'with CI set it fails instead of skipping',
  );

describe.skipIf(skipOffice)('the workbook in LibreOffice (headless, no import options)', () => {
  const sheets = new Map<string, string[][]>();

  beforeAll(async () => {
    if (!SOFFICE) throw new Error('soffice not found and CI is set: .ci/run must install libreoffice-calc-nogui');
    const dir = await tempDir('soffice-');
    // its own profile, so a LibreOffice already running on the machine is neither used nor disturbed
    const r = spawnSync(
      SOFFICE,
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        // comma, double quote, UTF-8, ..., every sheet to its own file (the last option, -1)
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        dir,
        path.join(release, WORKBOOK),
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    for (const sheet of [README_SHEET, ...PUBLISHED_TABLES]) {
      const file = path.join(dir, `${PACKAGE.name}-${sheet}.csv`);
      sheets.set(sheet, parse(await readFile(file), { relax_column_count: true }) as string[][]);
    }
  }, 240_000);

  test.each(PUBLISHED_TABLES)('%s: each sheet converts back to its CSV (booleans as TRUE/FALSE)', async (t) => {
    const csv = await csvOf(t);
    const booleans = fieldsOf(t).map((f) => f.type === 'boolean');
    const shown = csv.map((row, r) => row.map((v, c) => (r > 0 && booleans[c] && v !== '' ? v.toUpperCase() : v)));
    expect(sheets.get(t)).toEqual(shown);
  });

  test('Chinese intact; 87.56% stays as written (not 0.8756), 2016/2020 stays a period', () => {
    const observations = sheets.get('observations')!;
    const column = (name: string) => observations.map((row) => row[observations[0]!.indexOf(name)]);
    expect(column('label_zh')).toContain('教育投入');
    expect(column('value_as_written')).toContain('87.56%');
    expect(column('value_as_written')).not.toContain('0.8756');
    expect(column('period')).toContain('2016/2020');
    expect(column('area_code')).toContain('500113');
    expect(sheets.get(README_SHEET)!.flat().join('\n')).toContain(PACKAGE.license.name);
  });
});
