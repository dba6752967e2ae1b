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
import { cli, progressNotShown, RAW, readJson, readmeSnippet, tempDir, type ProgressRecord } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const hasPandas = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
const skip = !hasPandas && !process.env.CI;
if (skip)
  console.warn(
    `README pandas test SKIPPED: ${PYTHON} cannot import pandas (apt-get install -y python3-pandas); ` +
      'with CI set it fails instead of skipping',
  );

/** The snippet with BASE pointed at `base`, then a few lines that report what it read, as JSON. */
function program(snippet: string, base: string): string {
  const line = /^BASE = .*$/m;
  if (!line.test(snippet)) throw new Error('the pandas snippet has no `BASE = ...` line to point at a release');
  return `${snippet.replace(line, `BASE = ${JSON.stringify(base)}`)}
import json, sys
o = obs.set_index("observation_id")
def cell(i, c):
    v = o.loc[i, c]
    return v.item() if hasattr(v, "item") else v
ids = ["500113:education_investment:actual:2016/2020", "500113:outpatient_satisfaction:actual:2022", "500113:new_urban_jobs:actual:2021"]
json.dump({
    "rows": len(obs),
    "progress_rows": len(progress),
    "unique_ids": bool(obs["observation_id"].is_unique),
    "value_dtype": str(obs["value"].dtype),
    "observations": {i: {c: cell(i, c) for c in ["value", "comparator", "unit", "period", "label_zh", "area_code", "source_paragraphs"]} for i in ids},
}, sys.stderr, ensure_ascii=False)
`;
}

interface Report {
  rows: number;
  progress_rows: number;
  unique_ids: boolean;
  value_dtype: string;
  observations: Record<string, Record<string, string | number>>;
}

/** Run asynchronously: the URL case is answered by a server in this very process. */
function run(snippet: string, base: string): Promise<{ report: Report; stdout: string }> {
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
    child.stdin.end(program(snippet, base));
  });
}

// checked by hand against the article: 近19.26亿元 (paragraph 10), 96.16% (14, 23), 2.57万人 (35, 49)
const EXPECTED = {
  '500113:education_investment:actual:2016/2020': {
    value: 1926000000,
    comparator: 'approx',
    unit: 'CNY',
    period: '2016/2020',
    label_zh: '教育投入',
    area_code: '500113',
    source_paragraphs: '10',
  },
  '500113:outpatient_satisfaction:actual:2022': {
    value: 96.16,
    comparator: 'eq',
    unit: 'percent',
    period: '2022',
    label_zh: '门诊患者满意度',
    area_code: '500113',
    source_paragraphs: '14|23',
  },
  '500113:new_urban_jobs:actual:2021': {
    value: 25700,
    comparator: 'eq',
    unit: 'person',
    period: '2021',
    label_zh: '城镇新增就业',
    area_code: '500113',
    source_paragraphs: '35|49',
  },
};

describe.skipIf(skip)('the README pandas snippet', () => {
  let dist: string;
  let served: DistServer;
  let snippet: string;
  let expectedRows: number;
  let progress: ProgressRecord[];

  beforeAll(async () => {
    if (!hasPandas)
      throw new Error(`${PYTHON} cannot import pandas and CI is set: .ci/run must install python3-pandas`);
    snippet = await readmeSnippet('pandas', 'python');
    dist = path.join(await tempDir('pandas-'), 'dist');
    const r = await cli('publish', '--raw', RAW, '--dist', dist, '--untraced');
    expect(r.code, r.err).toBe(0);
    expectedRows = (await readJson<unknown[]>(path.join(dist, 'latest', 'observations.json'))).length;
    progress = await readJson<ProgressRecord[]>(path.join(dist, 'latest', 'progress.json'));
    served = await startServer(dist, 0);
  });

  afterAll(async () => {
    await served?.close();
  });

  test('points at a placeholder host, clearly marked, until the reader replaces it', () => {
    expect(snippet).toMatch(/^BASE = "https:\/\/<your-host>\/dist" {2}# placeholder/m);
  });

  test.each([
    ['a local path', () => dist],
    ['a URL', () => served.url.replace(/\/$/, '')],
  ])('by %s: every observation, the exact values of three, and the progress table in full', async (_, base) => {
    const { report, stdout } = await run(snippet, base());
    expect(report.rows).toBe(expectedRows);
    expect(stdout).toContain(`${expectedRows} observations`);
    expect(report.progress_rows).toBe(progress.length);
    expect(progressNotShown(stdout, progress)).toEqual([]);
    expect(report.unique_ids).toBe(true);
    expect(report.value_dtype).toBe('float64');
    expect(report.observations).toEqual(EXPECTED);
  });
});
