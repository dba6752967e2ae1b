/**
 * The README's pandas snippet, run as an analyst would (Debian's python3-pandas, /usr/bin/python3) against
 * a built release: by local path, and by URL from `serve`. It must read every observation and the exact
 * values of three of them.
 *
 * Skipped, with the reason printed, only where pandas is missing and CI is not set; in CI it fails instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type DistServer } from '../pipeline/service/serve.js';
import {
  cli,
  progressNotShown,
  readJson,
  readmeSnippet,
  REPORTS_RAW,
  REPORTS_TEXTS,
  tempDir,
  type ProgressRecord,
} from './helpers.js';

const PYTHON = '/usr/bin/python3';
const hasPandas = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
const skip = !hasPandas && !process.env.CI;
if (skip)
  console.warn(
    `README pandas test SKIPPED: ${PYTHON} cannot import pandas (apt-get install -y python3-pandas); ` +
      'with CI set it fails instead of skipping',
  );

/** The snippet with BASE pointed at `base`, then a few lines that report what it read, as JSON. */
function program(snippet: string, base: string, ids: string[]): string {
  const line = /^BASE = .*$/m;
  if (!line.test(snippet)) throw new Error('the pandas snippet has no `BASE = ...` line to point at a release');
  return `${snippet.replace(line, `BASE = ${JSON.stringify(base)}`)}
import json, sys
o = obs.set_index("observation_id")
def cell(i, c):
    v = o.loc[i, c]
    return None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)
json.dump({
    "rows": len(obs),
    "progress_rows": len(progress),
    "targets": len(targets),
    "unique_ids": bool(obs["observation_id"].is_unique),
    "value_dtype": str(obs["value"].dtype),
    "area_code_dtypes": [str(obs["area_code"].dtype), str(progress["area_code"].dtype)],
    "observations": {i: {c: cell(i, c) for c in ${JSON.stringify(COLUMNS)}} for i in ${JSON.stringify(ids)}},
}, sys.stderr, ensure_ascii=False)
`;
}

/** The columns compared for a few observations: text as written, the value as a number. */
const COLUMNS = [
  'value',
  'comparator',
  'unit',
  'period',
  'period_start',
  'base_period',
  'label_zh',
  'area_code',
  'source_paragraphs',
];

interface Report {
  rows: number;
  progress_rows: number;
  targets: number;
  unique_ids: boolean;
  value_dtype: string;
  area_code_dtypes: string[];
  observations: Record<string, Record<string, string | number | null>>;
}

/** Run asynchronously: the URL case is answered by a server in this very process. */
function run(snippet: string, base: string, ids: string[]): Promise<{ report: Report; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`python3 exited with ${code}:\n${stderr}`));
      resolve({ report: JSON.parse(stderr.slice(stderr.indexOf('{"rows"'))) as Report, stdout });
    });
    child.stdin.end(program(snippet, base, ids));
  });
}

/** Observations of a few kinds to compare field by field: a total over a plan, a change with its base, a stock at an instant. */
function pick(observations: Record<string, unknown>[]): string[] {
  const ids = observations.map((o) => String(o.observation_id));
  const first = (test: (id: string) => boolean) => ids.find(test)!;
  return [
    first((i) => /:\d{4}\/\d{4}$/.test(i)),
    first((i) => i.includes(':change_percent:')),
    first((i) => /-12-31$/.test(i)),
  ];
}

describe.skipIf(skip)('the README pandas snippet', () => {
  let dist: string;
  let served: DistServer;
  let snippet: string;
  let expectedRows: number;
  let progress: ProgressRecord[];

  let observations: Record<string, unknown>[];

  beforeAll(async () => {
    if (!hasPandas)
      throw new Error(`${PYTHON} cannot import pandas and CI is set: .ci/run must install python3-pandas`);
    snippet = await readmeSnippet('pandas', 'python');
    dist = path.join(await tempDir('pandas-'), 'dist');
    const r = await cli('publish', '--raw', REPORTS_RAW, '--texts', REPORTS_TEXTS, '--dist', dist);
    expect(r.code, r.err).toBe(0);
    observations = await readJson<Record<string, unknown>[]>(path.join(dist, 'latest', 'observations.json'));
    expectedRows = observations.length;
    progress = await readJson<ProgressRecord[]>(path.join(dist, 'latest', 'progress.json'));
    served = await startServer(dist, 0);
  });

  afterAll(async () => {
    await served?.close();
  });

  test('points at the local dist/ folder that make builds, and says how to point it at a served one', () => {
    expect(snippet).toMatch(
      /^BASE = "dist" +# where dist\/ is: this folder after `make`, or the URL it is served at$/m,
    );
  });

  test.each([
    ['a local path', () => dist],
    ['a URL', () => served.url.replace(/\/$/, '')],
  ])('by %s: every observation and target, text as text, exact values, the progress table in full', async (_, base) => {
    const ids = pick(observations);
    const { report, stdout } = await run(snippet, base(), ids);
    expect(report.rows).toBe(expectedRows);
    expect(stdout).toContain(`${expectedRows} observations, ${progress.length} targets`);
    expect(report.progress_rows).toBe(progress.length);
    expect(report.targets).toBe(progress.length); // the merge on text ids finds every target
    expect(report.area_code_dtypes).toEqual(['object', 'object']);
    expect(progressNotShown(stdout, progress)).toEqual([]);
    expect(report.unique_ids).toBe(true);
    expect(report.value_dtype).toBe('float64');
    const expected = Object.fromEntries(
      ids.map((id) => {
        const o = observations.find((x) => x.observation_id === id)!;
        return [id, Object.fromEntries(COLUMNS.map((c) => [c, o[c] ?? null]))];
      }),
    );
    expect(report.observations).toEqual(expected);
  });
});
