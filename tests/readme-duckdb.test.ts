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
import { cli, RAW, readJson, readmeSnippet, tempDir } from './helpers.js';

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

const PLACEHOLDER = 'https://<your-host>/dist';

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
    const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
    expect(r.code, r.err).toBe(0);
    const connection = await (await duckdb.DuckDBInstance.create(':memory:')).connect();
    run = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
    const statements = snippet
      .replaceAll(PLACEHOLDER, dist)
      .split(/;\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    results = [];
    for (const sql of statements) results.push(await run(sql));
  });

  test('points at a placeholder host, which the reader replaces with theirs or a local path', () => {
    expect(snippet).toContain(`'${PLACEHOLDER}/latest/observations.csv'`);
    expect(snippet).not.toMatch(/'dist\//);
  });

  test('observations: periods, area codes and paragraph lists as text, values as the published numbers', async () => {
    const published = await readJson<Row[]>(path.join(dist, 'latest', 'observations.json'));
    const read = await run(
      'SELECT observation_id, period, area_code, source_paragraphs, value, value_as_written, label_zh FROM observations',
    );
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

  test('the count by domain and kind matches the release', async () => {
    const published = await readJson<Row[]>(path.join(dist, 'latest', 'observations.json'));
    const counts = results.find((rows) => rows[0] && 'n' in rows[0])!;
    expect(counts.reduce((n, row) => n + Number(row.n), 0)).toBe(published.length);
    for (const row of counts)
      expect(Number(row.n)).toBe(published.filter((o) => o.domain === row.domain && o.kind === row.kind).length);
  });

  test('the progress query: every label, target, actual and status, as published', async () => {
    const published = await readJson<Row[]>(path.join(dist, 'latest', 'progress.json'));
    const columns = ['label_en', 'comparator', 'target_value', 'actual_value', 'gap', 'status'];
    expect(results.at(-1)).toEqual(published.map((p) => Object.fromEntries(columns.map((c) => [c, p[c]]))));
  });
});
