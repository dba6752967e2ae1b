/**
 * The published tables are declared once (issue 18): the row types are generated from the schemas and current,
 * every table has a declaration, every build sorts by the primary key and checks the primary and foreign keys,
 * and every output format is declared once and read by datapackage.json and the page.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { formattedRowTypes, ROW_TYPES_FILE } from '../pipeline/core/row-types.js';
import { loadSchemas, PUBLISHED_TABLES } from '../pipeline/core/schemas.js';
import { FORMATS, tableFileOf } from '../pipeline/release/render/formats.js';
import { buildFromRaw } from '../pipeline/run.js';
import { keyNumbers, keyProblems, TABLES } from '../pipeline/stages/tables/registry.js';
import { compactTable } from '../pipeline/stages/tables/compact.js';
import { StringPool } from '../pipeline/core/pool.js';
import type { PublishedTables } from '../pipeline/stages/tables/rows.js';
import { FIXTURES } from './helpers.js';

const GOOD = `${FIXTURES}/good-raw`;

describe('row types follow from the schemas', () => {
  test('core/tables.generated.ts is what the schemas give (make types)', async () => {
    expect(await readFile(ROW_TYPES_FILE, 'utf8'), 'run `make types` and commit the result').toBe(
      await formattedRowTypes(),
    );
  });

  test('every published schema has a declaration, in the order of x-table-order', () => {
    expect(Object.keys(TABLES).sort()).toEqual([...PUBLISHED_TABLES].sort());
    const order = PUBLISHED_TABLES.map(
      (t) => (loadSchemas().published[t] as { 'x-table-order'?: number })['x-table-order'],
    );
    expect(order).toEqual([...order].sort((a, b) => a! - b!));
  });
});

describe('keys are checked on every build', () => {
  test('the good fixture builds with every key whole, each table sorted by its primary key', async () => {
    const { tables } = await buildFromRaw(GOOD);
    expect(keyProblems(tables!)).toEqual([]);
    for (const t of PUBLISHED_TABLES) {
      const key = loadSchemas().published[t]['x-primary-key'][0]!;
      const values = (tables![t] as unknown as Record<string, string>[]).map((r) => String(r[key]));
      expect(values, t).toEqual([...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  test('a primary key twice, or a foreign key to no row, is found', async () => {
    const { tables } = await buildFromRaw(GOOD);
    const broken: PublishedTables = structuredClone(tables!);
    broken.units.push({ ...broken.units[0]! });
    broken.mentions[0]!.observation_id = '500113:no_such:actual:2022';
    const problems = keyProblems(broken).map((p) => `${p.code} ${p.message}`);
    expect(problems).toContainEqual(expect.stringMatching(/^TABLE_KEY units: key \S+ twice/));
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^TABLE_KEY mentions: observation_id 500113:no_such:actual:2022 is not a observation_id of observations/,
      ),
    );
  });
  test('a row without its primary key is found', async () => {
    const { tables } = await buildFromRaw(GOOD);
    const broken: PublishedTables = structuredClone(tables!);
    (broken.areas[0] as { area_code: string | null }).area_code = null;
    const problems = keyProblems(broken).map((p) => `${p.code} ${p.message}`);
    expect(problems).toContainEqual(expect.stringMatching(/^TABLE_KEY areas: a row without its key area_code/));
  });

  // every published key is one column today; a key of several is numbered by its texts joined
  test("keys of one column are their texts' numbers in the pool; keys of several, equal numbers where equal", () => {
    const pool = new StringPool();
    const rows = [
      { unit_id: 'a', label_zh: 'x' },
      { unit_id: 'a', label_zh: 'y' },
      { unit_id: 'b', label_zh: 'x' },
      { unit_id: 'a', label_zh: 'x' },
      { unit_id: 'b', label_zh: null },
    ];
    const table = compactTable('units', rows as never, pool);
    const known = new Map<string, number>();
    expect([...(keyNumbers(table, pool, ['unit_id'], known) as Uint32Array)]).toEqual(
      rows.map((r) => pool.id(r.unit_id)),
    );
    const two = [...(keyNumbers(table, pool, ['unit_id', 'label_zh'], known) as Float64Array)];
    expect(two[0]).toBe(two[3]);
    expect(new Set(two.slice(0, 3)).size).toBe(3);
    expect(two[4]).toBe(0); // a key with a missing column: NONE
    // numbered through the map given: another table's equal keys get the same numbers
    const again = compactTable('units', [rows[2]!, rows[0]!] as never, pool);
    expect([...(keyNumbers(again, pool, ['unit_id', 'label_zh'], known) as Float64Array)]).toEqual([two[2], two[0]]);
  });
});

describe('output formats are declared once', () => {
  test('each format names every table file once, and tableFileOf reads it back', () => {
    for (const f of FORMATS)
      for (const t of PUBLISHED_TABLES) {
        const found = tableFileOf(f.path(t, 'pkg'), 'pkg', PUBLISHED_TABLES);
        expect(found?.format.id).toBe(f.id);
        if ('each' in f.render) expect(found?.table).toBe(t);
      }
  });
});
