/**
 * A freshly published datapackage.json, read by a Frictionless reader: the npm `datapackage` library
 * (Frictionless JS, which reads v1 descriptors; the v2 descriptor is meant to stay readable by it).
 *
 * - CSV resources: the reader reads each file, casts every value as its Table Schema declares, checks the
 *   primary key and constraints, and dereferences the foreign keys (relations); the rows equal the JSON.
 * - JSON resources and the workbook's sheets: this reader reads tables from CSV files only, so it must not
 *   claim to read them. It takes the JSON resources for plain files (v1 knows no `type: table`) and refuses
 *   the sheets ("Tabular format "xlsx" is not supported"). Their rows (the parsed JSON; each sheet read with
 *   exceljs, as dialect.sheetName names it) are handed to the same reader as inline data under the resource's
 *   declared schema plus the CSV resource's foreign keys, and must cast to the same rows.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { PUBLISHED_TABLES } from '../pipeline/core/schemas.js';
import type { DataPackage, Resource } from '../pipeline/release/render/datapackage.js';
import { cli, RAW, readJson, tempDir } from './helpers.js';

/** The parts of the `datapackage` library used here (it ships no types). */
interface FrictionlessResource {
  name: string;
  tabular: boolean;
  read(options: { cast?: boolean; keyed?: boolean; relations?: boolean }): Promise<unknown[]>;
  rawRead(): Promise<Buffer>;
}
interface FrictionlessPackage {
  valid: boolean;
  errors: Error[];
  resources: FrictionlessResource[];
  getResource(name: string): FrictionlessResource | null;
}
const { Package } = createRequire(import.meta.url)('datapackage') as {
  Package: { load(descriptor: string | object, basePath?: string): Promise<FrictionlessPackage> };
};

type Value = string | number | boolean | Date | null;
let dir: string;
let descriptor: DataPackage;
let pkg: FrictionlessPackage;

beforeAll(async () => {
  const dist = path.join(await tempDir('frictionless-'), 'dist');
  const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
  expect(r.code, r.err).toBe(0);
  dir = path.join(dist, '1.0.0');
  descriptor = await readJson<DataPackage>(path.join(dir, 'datapackage.json'));
  pkg = await Package.load(path.join(dir, 'datapackage.json'));
});

/** A cast value as plain data: a date as YYYY-MM-DD of the calendar day it stands for. */
const plain = (v: unknown): unknown =>
  v instanceof Date
    ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`
    : v;
const plainRows = (rows: unknown[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row as object).map(([k, v]) => [k, plain(v)])));

const csvResource = (table: string): Resource => descriptor.resources.find((r) => r.name === table)!;

/** Rows of every table as a package of inline resources: header row first, missing as '' (missingValues). */
function inlinePackage(rows: Map<string, Value[][]>, schemaOf: (table: string) => object): object {
  return {
    name: descriptor.name,
    resources: PUBLISHED_TABLES.map((t) => {
      const fields = csvResource(t).schema.fields.map((f) => f.name);
      return { name: t, data: [fields, ...rows.get(t)!.map((row) => row.map((v) => v ?? ''))], schema: schemaOf(t) };
    }),
  };
}

/** Each table's rows from its JSON file, in schema column order. */
async function jsonRows(): Promise<Map<string, Value[][]>> {
  const out = new Map<string, Value[][]>();
  for (const t of PUBLISHED_TABLES) {
    const records = await readJson<Record<string, Value>[]>(path.join(dir, `${t}.json`));
    out.set(
      t,
      records.map((rec) => csvResource(t).schema.fields.map((f) => rec[f.name] ?? null)),
    );
  }
  return out;
}

/** Each table's rows from the sheet its xlsx resource names; a date cell as the calendar day it shows. */
async function sheetRows(): Promise<Map<string, Value[][]>> {
  const book = new ExcelJS.Workbook();
  const xlsx = descriptor.resources.find((r) => r.format === 'xlsx')!.path;
  await book.xlsx.load((await readFile(path.join(dir, xlsx))) as unknown as ExcelJS.Buffer);
  const out = new Map<string, Value[][]>();
  for (const t of PUBLISHED_TABLES) {
    const sheet = book.getWorksheet(
      String(descriptor.resources.find((r) => r.name === `${t}-xlsx`)!.dialect!.sheetName),
    )!;
    const width = csvResource(t).schema.fields.length;
    const rows: Value[][] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const cells = Array.from({ length: width }, (_, c) => row.getCell(c + 1).value as Value);
      rows.push(
        cells.map((v) => (v instanceof Date ? new Date(v.getUTCFullYear(), v.getUTCMonth(), v.getUTCDate()) : v)),
      );
    });
    out.set(t, rows);
  }
  return out;
}

describe('datapackage.json in the Frictionless JS reader', () => {
  test('the v2 descriptor loads as valid', () => {
    expect(pkg.errors.map((e) => e.message)).toEqual([]);
    expect(pkg.valid).toBe(true);
    expect(pkg.resources.map((r) => r.name)).toEqual(descriptor.resources.map((r) => r.name));
  });

  test('every resource is a CSV table it reads, a JSON file it does not claim, or a sheet it refuses', () => {
    for (const r of descriptor.resources) expect(['csv', 'json', 'xlsx'], r.name).toContain(r.format);
  });

  test.each(PUBLISHED_TABLES)(
    '%s.csv: every value cast as declared, foreign keys checked, equal to the JSON',
    async (t) => {
      const resource = pkg.getResource(t)!;
      expect(resource.tabular).toBe(true);
      const rows = await resource.read({ keyed: true, cast: true });
      expect(plainRows(rows)).toEqual(await readJson(path.join(dir, `${t}.json`)));
      const related = await resource.read({ keyed: true, relations: true });
      expect(related).toHaveLength(rows.length);
      for (const fk of csvResource(t).schema.foreignKeys ?? [])
        for (const row of related as Record<string, unknown>[])
          expect(row[fk.fields[0]!] === null || typeof row[fk.fields[0]!] === 'object').toBe(true);
    },
  );

  test('the JSON and sheet resources: not read as CSV, nor silently misread', async () => {
    for (const r of descriptor.resources.filter((r) => r.format !== 'csv')) {
      const resource = pkg.getResource(r.name)!;
      if (r.format === 'json') {
        expect(resource.tabular, r.name).toBe(false);
        await expect(resource.read({ cast: true })).rejects.toThrow(/not supported for non tabular data/);
        expect(JSON.parse((await resource.rawRead()).toString('utf8'))).toEqual(await readJson(path.join(dir, r.path)));
      } else {
        await expect(resource.read({ cast: true })).rejects.toThrow('Tabular format "xlsx" is not supported');
      }
    }
  });

  test.each([
    ['json', jsonRows],
    ['xlsx', sheetRows],
  ])(
    'every %s table, handed over as inline data, casts by its declared schema and foreign keys',
    async (format, rowsOf) => {
      const copies = new Map<string, Resource>(
        PUBLISHED_TABLES.map((t) => [t, descriptor.resources.find((r) => r.name === `${t}-${format}`)!]),
      );
      for (const t of PUBLISHED_TABLES) {
        // the copy declares the CSV's schema; its foreign keys are declared once, on the CSV resources
        const { foreignKeys: _, ...withoutKeys } = csvResource(t).schema;
        expect(copies.get(t)!.schema).toEqual(withoutKeys);
      }
      const schemaOf = (t: string) => ({
        ...copies.get(t)!.schema,
        foreignKeys: csvResource(t).schema.foreignKeys ?? [],
      });
      const inline = await Package.load(inlinePackage(await rowsOf(), schemaOf));
      for (const t of PUBLISHED_TABLES) {
        const resource = inline.getResource(t)!;
        const rows = await resource.read({ keyed: true, cast: true });
        expect(plainRows(rows), t).toEqual(await readJson(path.join(dir, `${t}.json`)));
        await resource.read({ relations: true });
      }
    },
  );

  test('the foreign-key check is real: a unit that does not exist is refused', async () => {
    const rows = await jsonRows();
    const unit = csvResource('observations').schema.fields.findIndex((f) => f.name === 'unit');
    rows.get('observations')![0]![unit] = 'no_such_unit';
    const inline = await Package.load(inlinePackage(rows, (t) => csvResource(t).schema));
    await expect(inline.getResource('observations')!.read({ relations: true })).rejects.toThrow(/[Ff]oreign key/);
  });
});
