/**
 * Serializing published tables (pipeline/release/render/output.ts): the CSV writer against csv-stringify as the
 * oracle (with `quote_record_delimiter: true`: given `record_delimiter: 'windows'` alone, csv-stringify 6.9 stops
 * quoting cells that hold a bare line break, and the file no longer reads back),
 * the JSON chunks against one JSON.stringify of the whole table, and the schema check made a distinct value at a time.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildOrThrow } from '../pipeline/run.js';
import { ProblemsError } from '../pipeline/core/errors.js';
import {
  csvRecord,
  jsonChunks,
  publishedSchemaProblems,
  renderCsv,
  tablesSchemaProblems,
  toJsonRecords,
} from '../pipeline/release/render/output.js';
import { columnsOf, loadSchemas, PUBLISHED_TABLES } from '../pipeline/core/schemas.js';
import type { PublishedTables } from '../pipeline/stages/tables/rows.js';
import { cli, copyRaw, RAW, tempDir } from './helpers.js';

const CSV_OPTIONS = { record_delimiter: 'windows', quote_record_delimiter: true } as const;

let tables: PublishedTables;
/** The Banan tables with observations repeated past several chunks of 2 000 rows. */
let large: PublishedTables;

beforeAll(async () => {
  tables = (await buildOrThrow(RAW)).tables;
  const many = Array.from({ length: 5100 }, (_, i) => ({
    ...tables.observations[i % tables.observations.length]!,
    note: `copy ${i}, with "quotes", a comma and a\nline break`,
  }));
  large = { ...tables, observations: many };
});

const cellText = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const text = (chunks: readonly Uint8Array[]) => Buffer.concat(chunks).toString('utf8');

describe('CSV', () => {
  // the characters that decide quoting, and some that must not
  const cell = fc.string({
    unit: fc.constantFrom('a', ' ', ',', '"', '\r', '\n', '\r\n', '=', '巴', '南', '；', '\t', "'", '0'),
    maxLength: 12,
  });

  test('a record is written byte for byte as csv-stringify writes it', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
        expect(csvRecord(cells)).toBe(stringify([cells], CSV_OPTIONS));
      }),
      { numRuns: 2000 },
    );
  });

  test('a line break inside a cell is quoted (csv-stringify with record_delimiter alone leaves it bare)', () => {
    expect(csvRecord(['a\nb', 'x'])).toBe('"a\nb",x\r\n');
    expect(stringify([['a\nb', 'x']], { record_delimiter: 'windows' })).toBe('a\nb,x\r\n');
  });

  test('a record read back by csv-parse gives the same cells', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 2, maxLength: 6 }), (cells) => {
        expect(parse(csvRecord(cells), { relax_column_count: true })).toEqual([cells]);
      }),
      { numRuns: 1000 },
    );
  });

  test.each(PUBLISHED_TABLES)('%s.csv is the file csv-stringify writes from the same rows', (name) => {
    for (const t of [tables, large]) {
      const columns = columnsOf(loadSchemas().published[name]);
      const rows = (t[name] as unknown as Record<string, unknown>[]).map((r) => columns.map((c) => cellText(r[c])));
      expect(text(renderCsv(t, name).chunks)).toBe(stringify([columns, ...rows], CSV_OPTIONS));
    }
  });

  test('chunks past the first keep every row once and in order', () => {
    const records = parse(text(renderCsv(large, 'observations').chunks), { columns: true }) as { note: string }[];
    expect(records).toHaveLength(5100);
    expect(records[4321]!.note).toBe('copy 4321, with "quotes", a comma and a\nline break');
  });
});

describe('JSON', () => {
  test.each(PUBLISHED_TABLES)('%s.json in chunks is one JSON.stringify of the whole table', (name) => {
    for (const t of [tables, large])
      expect([...jsonChunks(t, name)].join('')).toBe(JSON.stringify(toJsonRecords(t, name), null, 2) + '\n');
  });

  test('any text, null and number beside one another, first to last column, as JSON.stringify writes them', () => {
    // texts JSON escapes (quotes, backslashes, control characters, a lone surrogate) and texts it does not
    const text = fc.string({
      unit: fc.constantFrom('a', '"', '\\', '\n', '\u0000', '\u001f', '\ud800', '\udfff', '巴', ' ', '/', '\u2028'),
      minLength: 1,
      maxLength: 8,
    });
    const unit = fc.record({ label: text, words: text, bare: fc.boolean(), note: fc.option(text, { nil: null }) });
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 20 }), (made) => {
        const units = made.map((u, i) => ({
          ...tables.units[i % tables.units.length]!,
          unit_id: `u${i}`,
          label_zh: u.label,
          measure_words: u.words,
          bare_number: u.bare,
          note: u.note,
        }));
        const t = { ...tables, units };
        expect([...jsonChunks(t, 'units')].join('')).toBe(JSON.stringify(toJsonRecords(t, 'units'), null, 2) + '\n');
      }),
      { numRuns: 500 },
    );
  });

  test('an empty table is an empty array', () => {
    expect([...jsonChunks({ ...tables, progress: [] }, 'progress')].join('')).toBe('[]\n');
  });

  test('a record that breaks the schema stops the file before it begins, naming the row in the whole file', () => {
    const broken = { ...large, observations: large.observations.map((o) => ({ ...o })) };
    (broken.observations[4321] as { kind: string }).kind = 'estimate';
    const chunks = jsonChunks(broken, 'observations');
    const yielded: string[] = [];
    let thrown: unknown;
    try {
      for (const c of chunks) yielded.push(c);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ProblemsError);
    const problems = (thrown as ProblemsError).problems;
    expect(problems[0]).toMatchObject({
      code: 'SCHEMA_PUBLISHED',
      file: 'schemas/published/observations.schema.json',
    });
    expect(problems[0]!.message).toMatch(/^observations\.json\/4321\/kind: /);
    expect(yielded).toEqual([]);
  });

  // the check goes by each distinct value of a column once: a value that breaks the schema is found wherever it is
  test.each([
    ['a text repeated down a column, broken in one row', 'observations', 4321, 'unit', 'no such unit!'],
    ['a value of a column of distinct values', 'observations', 17, 'observation_id', ''],
    ['a missing value where the column needs one', 'observations', 999, 'indicator_id', null],
    ['a number out of its range', 'mentions', 5, 'paragraph', 0],
    ['a value in the first row', 'mentions', 0, 'figure_id', 'Not An Id'],
    ['a value in the last row', 'observations', -1, 'kind', 'estimate'],
  ] as const)('%s is found (%s.%s)', (_what, name, at, column, value) => {
    const rows = (large[name] as unknown as Record<string, unknown>[]).map((o) => ({ ...o }));
    const r = at < 0 ? rows.length + at : at;
    expect(rows[r]).toHaveProperty(column);
    rows[r]![column] = value;
    const problems = tablesSchemaProblems({ ...large, [name]: rows } as typeof large);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(new RegExp(`^${name}\\.json/${r}/${column}: `)),
    ]);
  });

  test('a table whose values all hold has no problems, and the check agrees with the whole-record one', () => {
    expect(tablesSchemaProblems(large)).toEqual([]);
    for (const name of PUBLISHED_TABLES) expect(publishedSchemaProblems(name, toJsonRecords(large, name))).toEqual([]);
  });
});

describe('a note written on two lines in raw/', () => {
  test('is published quoted, so the CSV reads back with every row', async () => {
    const raw = await copyRaw();
    const file = path.join(raw, 'figures', 'education.csv');
    const records = parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];
    records[0]!.note = 'first line\nsecond line';
    await writeFile(file, stringify(records, { header: true, quoted_match: /\n/ }));
    const dist = path.join(await tempDir(), 'dist');
    const r = await cli('publish', '--raw', raw, '--dist', dist, '--untraced');
    expect(r.code, r.err).toBe(0);
    const csv = await readFile(path.join(dist, 'latest', 'observations.csv'), 'utf8');
    const rows = parse(csv, { columns: true }) as { note: string }[];
    expect(rows).toHaveLength(tables.observations.length);
    expect(rows.filter((o) => o.note === 'first line\nsecond line')).toHaveLength(1);
  });
});
