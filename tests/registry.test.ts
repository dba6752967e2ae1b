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
import { keyProblems, TABLES } from '../pipeline/stages/tables/registry.js';
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
