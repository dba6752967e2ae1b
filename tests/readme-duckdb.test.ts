/**
 * The README's DuckDB statements, run as an analyst would (DuckDB through the @duckdb/node-api package)
 * against a built release by local path: the views read every observation with periods and area codes as
 * text and values as numbers, the count by domain and kind matches the release, and the progress query
 * returns every label, target, actual and status.
 *
 * Skipped, with the reason printed, only where DuckDB cannot load and CI is not set; in CI it fails.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cli, readJson, readmeSnippet, REPORTS_RAW, REPORTS_TEXTS, tempDir } from './helpers.js';

type DuckDB = typeof import('@duckdb/node-api');
let duckdb: DuckDB | undefined;
let loadError = '';
try {
  duckdb = await import('@duckdb/node-api');
} catch (err) {
  loadError = (err as Error).message;
}
const skip = !duckdb && !process.env.CI;
if (skip)
  console.warn(
    `README DuckDB test SKIPPED: @duckdb/node-api does not load (${loadError}); run npm ci; ` +
      'with CI set it fails instead of skipping',
  );

/** The snippet reads the local dist/ that make builds; the test points it at a release of its own. */
const LOCAL = "'dist/";

type Row = Record<string, unknown>;

describe.skipIf(skip)('the README DuckDB statements', () => {
  let dist: string;
  let snippet: string;
  let results: Row[][];
  let run: (sql: string) => Promise<Row[]>;

  beforeAll(async () => {
    if (!duckdb) throw new Error(`@duckdb/node-api does not load and CI is set: ${loadError}`);
    snippet = await readmeSnippet('duckdb', 'sql');
    dist = path.join(await tempDir('duckdb-'), 'dist');
    const r = await cli('publish', '--raw', REPORTS_RAW, '--texts', REPORTS_TEXTS, '--dist', dist);
    expect(r.code, r.err).toBe(0);
    const connection = await (await duckdb.DuckDBInstance.create(':memory:')).connect();
    run = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
    const statements = snippet
      .replaceAll(LOCAL, `'${dist}/`)
      .split(/;\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    results = [];
    for (const sql of statements) results.push(await run(sql));
  });

  test('reads the local dist/ that make builds (a URL works the same through httpfs)', () => {
    expect(snippet).toContain(`${LOCAL}latest/observations.csv'`);
    expect(snippet).toContain(`${LOCAL}latest/progress.csv'`);
  });

  test('observations: every column as text, exactly as the CSV writes it; values cast back to the numbers', async () => {
    const published = await readJson<Row[]>(path.join(dist, 'latest', 'observations.json'));
    const read = (
      await run(
        'SELECT observation_id, period, area_code, source_paragraphs, CAST(value AS DOUBLE) AS value, value_as_written, label_zh FROM observations',
      )
    ).map((r) => ({ ...r, value: Number(r.value) }));
    const pick = ({
      observation_id,
      period,
      area_code,
      source_paragraphs,
      value,
      value_as_written,
      label_zh,
    }: Row) => ({
      observation_id,
      period,
      area_code,
      source_paragraphs,
      value,
      value_as_written,
      label_zh,
    });
    expect(read).toEqual(published.map(pick));
  });

  test('the count by domain, kind and measure matches the release', async () => {
    const published = await readJson<Row[]>(path.join(dist, 'latest', 'observations.json'));
    const counts = results.find((rows) => rows[0] && 'n' in rows[0])!;
    expect(counts.reduce((n, row) => n + Number(row.n), 0)).toBe(published.length);
    for (const row of counts)
      expect(Number(row.n)).toBe(
        published.filter((o) => o.domain === row.domain && o.kind === row.kind && o.measure === row.measure).length,
      );
  });

  test('the progress query joins progress to observations on their text ids: every target, with unit and periods', async () => {
    const published = await readJson<Row[]>(path.join(dist, 'latest', 'progress.json'));
    const text = (v: unknown) => (v === null ? null : String(v));
    const expected = published
      .map((p) => ({
        area_code: p.area_code,
        label_en: p.label_en,
        unit: p.unit,
        target_period: p.target_period,
        comparator: p.comparator,
        target: p.target_value,
        actual_period: text(p.actual_period),
        actual: p.actual_value,
        status: p.status,
      }))
      .sort((a, b) =>
        `${a.area_code} ${a.label_en}` < `${b.area_code} ${b.label_en}`
          ? -1
          : `${a.area_code} ${a.label_en}` > `${b.area_code} ${b.label_en}`
            ? 1
            : 0,
      );
    const read = results
      .at(-1)!
      .map((r): Row => ({ ...r, target: Number(r.target), actual: r.actual === null ? null : Number(r.actual) }));
    expect(read.map((r) => `${String(r.area_code)} ${String(r.label_en)}`)).toEqual(
      expected.map((r) => `${r.area_code} ${r.label_en}`),
    );
    expect(read).toEqual(expect.arrayContaining(expected));
  });
});
