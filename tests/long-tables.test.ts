/**
 * Tables longer than a sheet, and archives larger than 4 GiB, on small inputs: the row limit of a sheet and the
 * size from which the zip writer writes zip64 records are lowered (as PIPELINE_SHEET_ROWS and ZipArchive's
 * `zip64From` let a test do), so that nothing here writes a million rows or gigabytes.
 *
 * - A table past the limit is split across sheets `observations (1)`, `observations (2)` …, each with the header
 *   row, the rows in order and none lost; the README sheet lists the parts and says why; names stay within
 *   Excel's 31 characters; datapackage.json names the first sheet and lists them all.
 * - With zip64 records, the archive reads back in Python's zipfile (an implementation other than ours), every
 *   entry whole; without them, the bytes are those of a classic zip.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSchemas, PUBLISHED_TABLES } from '../pipeline/core/schemas.js';
import { formatOf } from '../pipeline/release/render/formats.js';
import { README_SHEET, renderWorkbook, sheetsOf, type WorkbookMeta } from '../pipeline/release/render/workbook.js';
import { entryMethods, ZipArchive, type ZipMethod } from '../pipeline/release/render/zip.js';
import { packagingNotes } from '../pipeline/release/publish.js';
import { renderChangesFile } from '../pipeline/release/render/changes.js';
import { buildOrThrow } from '../pipeline/run.js';
import type { PublishedTables } from '../pipeline/stages/tables/rows.js';
import { cliWith, FIXTURES, readJson, REPORTS_RAW, tempDir } from './helpers.js';

const GOOD = path.join(FIXTURES, 'good-raw');

const META: WorkbookMeta = {
  name: 'pkg',
  title: 'Title',
  description: 'Description',
  keywords: ['a', 'b'],
  version: '1.0.0',
  date: '2024-02-29',
  contentHash: 'sha256:0',
  license: { name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC BY 4.0' },
  sources: [{ title: 'Source' }],
};

async function bytesOf(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
}

async function read(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return book;
}

/** The values of a sheet's rows, the header first. */
const rowsOf = (sheet: ExcelJS.Worksheet) =>
  (sheet.getSheetValues() as unknown[][]).slice(1).map((r) => (r ?? []).slice(1).map((v) => v ?? null));

let tables: PublishedTables;
beforeAll(async () => {
  tables = (await buildOrThrow(GOOD)).tables;
});

describe('sheetsOf', () => {
  test('a table that fits is one sheet named after it', () => {
    expect(sheetsOf('observations', 3, 4)).toEqual([{ name: 'observations', first: 0, rows: 3 }]);
  });

  test('a longer one is split into parts of the limit less the header, numbered from 1', () => {
    expect(sheetsOf('observations', 7, 4)).toEqual([
      { name: 'observations (1)', first: 0, rows: 3 },
      { name: 'observations (2)', first: 3, rows: 3 },
      { name: 'observations (3)', first: 6, rows: 1 },
    ]);
  });

  test('a part name is cut to 31 characters, its number kept', () => {
    const parts = sheetsOf('a_table_with_a_name_of_thirty_one', 25, 2);
    expect(parts.map((p) => p.name.length).every((n) => n <= 31)).toBe(true);
    expect(parts.at(-1)!.name).toBe('a_table_with_a_name_of_thi (25)');
    expect(new Set(parts.map((p) => p.name)).size).toBe(25);
  });

  test('the limit is Excel’s: 1 048 575 rows and the header fit one sheet, one more row does not', () => {
    expect(sheetsOf('t', 1_048_575)).toHaveLength(1);
    expect(sheetsOf('t', 1_048_576)).toHaveLength(2);
  });
});

describe('a workbook with tables longer than a sheet', () => {
  const LIMIT = 4; // the header and three rows a sheet
  let whole: ExcelJS.Workbook;
  let split: ExcelJS.Workbook;
  beforeAll(async () => {
    whole = await read(await bytesOf(renderWorkbook(tables, META)));
    split = await read(await bytesOf(renderWorkbook(tables, META, { sheetRows: LIMIT })));
  });

  test('each table long enough is split into parts named in order, the others keep their one sheet', () => {
    const expected = [
      README_SHEET,
      ...PUBLISHED_TABLES.flatMap((t) => sheetsOf(t, tables[t].length, LIMIT).map((p) => p.name)),
    ];
    expect(split.worksheets.map((s) => s.name)).toEqual(expected);
    expect(expected).toContain('observations (2)');
    expect(split.worksheets.every((s) => s.name.length <= 31)).toBe(true);
  });

  test('every part has the header row and at most the limit; the parts together are the table, in order', () => {
    for (const t of PUBLISHED_TABLES) {
      const [header, ...rows] = rowsOf(whole.getWorksheet(t)!);
      const parts = sheetsOf(t, tables[t].length, LIMIT).map((p) => rowsOf(split.getWorksheet(p.name)!));
      for (const part of parts) {
        expect(part[0]).toEqual(header);
        expect(part.length).toBeLessThanOrEqual(LIMIT);
      }
      expect(parts.flatMap((p) => p.slice(1))).toEqual(rows);
    }
  });

  test('the README sheet lists every part with its rows, and says why a table is split', () => {
    const text = rowsOf(split.getWorksheet(README_SHEET)!)
      .map((r) => r.join(' | '))
      .join('\n');
    expect(text).toContain('Long tables');
    const parts = sheetsOf('observations', tables.observations.length, LIMIT);
    const title = loadSchemas().published.observations.title;
    for (const [i, p] of parts.entries())
      expect(text).toContain(
        `${p.name} | ${title} (part ${i + 1} of ${parts.length}: rows ${p.first + 1} to ${p.first + p.rows}) | ${p.rows}`,
      );
    const plain = rowsOf(whole.getWorksheet(README_SHEET)!).flat().join('\n');
    expect(plain).not.toContain('Long tables');
  });

  test('datapackage.json names the first sheet of a split table and lists its sheets', () => {
    const xlsx = formatOf('xlsx');
    expect(xlsx.dialect!('units', 2)).toEqual({ header: true, sheetName: 'units' });
    process.env.PIPELINE_SHEET_ROWS = String(LIMIT);
    try {
      expect(xlsx.dialect!('observations', 7)).toEqual({
        header: true,
        sheetName: 'observations (1)',
        'x-sheetNames': ['observations (1)', 'observations (2)', 'observations (3)'],
      });
    } finally {
      delete process.env.PIPELINE_SHEET_ROWS;
    }
  });

  test('a release made with the lower limit splits its workbook the same way, and describes it', async () => {
    const dist = await tempDir();
    const r = await cliWith(['publish', '--raw', GOOD, '--dist', dist, '--untraced'], {
      PIPELINE_SHEET_ROWS: String(LIMIT),
    });
    expect(r.code, r.err).toBe(0);
    const descriptor = await readJson<{ resources: { name: string; dialect?: Record<string, unknown> }[] }>(
      path.join(dist, 'latest', 'datapackage.json'),
    );
    const dialect = descriptor.resources.find((x) => x.name === 'observations-xlsx')!.dialect!;
    const book = await read(await readFile(path.join(dist, 'latest', 'fixture-good.xlsx')));
    expect(book.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(dialect['x-sheetNames'] as string[]));
    expect(dialect.sheetName).toBe('observations (1)');
  });
});

const python = spawnSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0;

describe('zip64', () => {
  const ENTRIES = [
    ['a.txt', 'x'.repeat(300)],
    ['b/c.json', JSON.stringify({ text: '教育 '.repeat(100) })],
    ['small', 'hi'],
  ] as const;

  async function archive(zip64From?: number): Promise<Buffer> {
    const scratch = await mkdtemp(path.join(tmpdir(), 'zip64-'));
    const zip = new ZipArchive(scratch, '2024-02-29', zip64From);
    for (const [name, text] of ENTRIES) {
      const entry = zip.entry(name);
      await entry.push(Buffer.from(text));
      void entry.end();
    }
    const stored = zip.entry('book.xlsx', 0); // data compressed already, stored as it is
    await stored.push(Buffer.from(STORED));
    void stored.end();
    zip.file('whole', 'a part written at once');
    return bytesOf(zip.bytes());
  }
  const STORED = 'PK stands in for a workbook '.repeat(20);

  test.each([
    ['a classic zip', undefined],
    ['a zip with zip64 records', 100],
  ])('%s: entryMethods reads how each entry is held, from the central directory', async (_what, zip64From) => {
    const file = path.join(await tempDir(), 'test.zip');
    const bytes = await archive(zip64From);
    await writeFile(file, bytes);
    expect(Object.fromEntries((await entryMethods(file))!)).toEqual({
      'a.txt': 8,
      'b/c.json': 8,
      small: 8,
      'book.xlsx': 0,
      whole: 8,
    });
    // a stored entry's data is its bytes, as they are
    expect(bytes.includes(Buffer.from(STORED))).toBe(true);
    const notZip = path.join(await tempDir(), 'not.zip');
    await writeFile(notZip, 'not an archive');
    expect(await entryMethods(notZip)).toBeUndefined();
  });

  test('a classic zip has no zip64 record', async () => {
    const bytes = await archive();
    expect(bytes.includes(Buffer.from('PK\x06\x06', 'latin1'))).toBe(false);
    expect(bytes.includes(Buffer.from('PK\x06\x07', 'latin1'))).toBe(false);
  });

  test.runIf(python || process.env.CI)(
    'with zip64 records, every entry reads back whole in Python’s zipfile',
    async () => {
      const bytes = await archive(100);
      expect(bytes.includes(Buffer.from('PK\x06\x06', 'latin1'))).toBe(true);
      const file = path.join(await tempDir(), 'test.zip');
      await writeFile(file, bytes);
      const script =
        'import sys, zipfile, json\n' +
        'z = zipfile.ZipFile(sys.argv[1])\n' +
        'assert z.testzip() is None\n' +
        'print(json.dumps({i.filename: z.read(i).decode("utf-8") for i in z.infolist()}))\n';
      const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        ...Object.fromEntries(ENTRIES),
        'book.xlsx': STORED,
        whole: 'a part written at once',
      });
    },
  );
});

describe('the zip of a release', () => {
  test('holds every other file of the release, the workbook stored as it is and the rest deflated', async () => {
    const dist = path.join(await tempDir(), 'dist');
    const r = await cliWith(['publish', '--raw', REPORTS_RAW, '--dist', dist, '--untraced'], {});
    expect(r.code, r.err).toBe(0);
    const release = path.join(dist, '1.0.0');
    const files = (await readdir(release)).sort();
    const zip = files.find((f) => f.endsWith('.zip'))!;
    const methods = (await entryMethods(path.join(release, zip)))!;
    expect([...methods.keys()].sort()).toEqual(files.filter((f) => f !== zip && f !== 'SHA256SUMS'));
    for (const [name, method] of methods) expect([name, method]).toEqual([name, name.endsWith('.xlsx') ? 0 : 8]);
    if (!python && !process.env.CI) return console.log('skipped reading the zip back: python3 is not installed');
    const script =
      'import sys, zipfile, hashlib, json\n' +
      'z = zipfile.ZipFile(sys.argv[1])\n' +
      'print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))\n';
    const read = spawnSync('python3', ['-c', script, path.join(release, zip)], { encoding: 'utf8' });
    expect(read.status, read.stderr).toBe(0);
    const sums = Object.fromEntries(
      (await readFile(path.join(release, 'SHA256SUMS'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => l.split('  ').reverse()),
    );
    const inZip = JSON.parse(read.stdout) as Record<string, string>;
    for (const [name, digest] of Object.entries(inZip)) expect([name, digest]).toEqual([name, sums[name]]);
  });

  test("CHANGES.md says so where the previous release's zip deflated its workbook, and only then", async () => {
    const dist = await tempDir();
    async function previousZip(version: string, method: ZipMethod) {
      const dir = path.join(dist, version);
      await mkdir(dir, { recursive: true });
      const zip = new ZipArchive(dir, '2024-02-29');
      const entry = zip.entry('pkg.xlsx', method);
      await entry.push(Buffer.from('a workbook'));
      void entry.end();
      zip.file('pkg.csv', 'a,b\r\n');
      await writeFile(path.join(dir, 'pkg.zip'), await bytesOf(zip.bytes()));
    }
    await previousZip('1.0.0', 8);
    await previousZip('1.1.0', 0);
    const [note] = await packagingNotes(dist, '1.0.0', 'pkg');
    expect(note).toMatch(/^pkg\.zip stores pkg\.xlsx as it is, where the zip of 1\.0\.0 compressed it again/);
    expect(await packagingNotes(dist, '1.1.0', 'pkg')).toEqual([]);
    expect(await packagingNotes(dist, undefined, 'pkg')).toEqual([]);
    expect(await packagingNotes(dist, '0.9.0', 'pkg')).toEqual([]); // no such zip: nothing to compare
    const changes = renderChangesFile('1.0.1', '1.0.0', 'patch', [], {}, undefined, [note!]);
    expect(changes).toContain('\n## Packaging\n\n- pkg.zip stores pkg.xlsx as it is');
  });
});
