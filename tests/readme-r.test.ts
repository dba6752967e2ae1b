/**
 * The README's R snippet, run as an analyst would (Debian's r-base-core and r-cran-readr) against a built
 * release by local path: it must read every observation with ids, periods and area codes as text and values
 * as numbers, and print the progress table with every label, target, actual and status in full.
 *
 * Skipped, with the reason printed, only where Rscript or readr is missing and CI is not set; in CI it fails.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
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

const RSCRIPT = '/usr/bin/Rscript';
const hasReadr = spawnSync(RSCRIPT, ['-e', 'library(readr)'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
const skip = !hasReadr && !process.env.CI;
if (skip)
  console.warn(
    `README R test SKIPPED: ${RSCRIPT} cannot load readr (apt-get install -y r-base-core r-cran-readr); ` +
      'with CI set it fails instead of skipping',
  );

/** The snippet with `base` pointed at a local dist/, then lines that print what it read, one row a line. */
function program(snippet: string, base: string): string {
  const line = /^base <- .*$/m;
  if (!line.test(snippet)) throw new Error('the R snippet has no `base <- ...` line to point at a release');
  return `${snippet.replace(line, `base <- ${JSON.stringify(base)}`)}
stopifnot(is.character(obs$observation_id), is.character(obs$period), is.character(obs$area_code),
          is.character(obs$source_paragraphs), is.double(obs$value))
for (i in seq_len(nrow(obs)))
  cat("OBS", obs$observation_id[i], obs$period[i], obs$area_code[i], obs$source_paragraphs[i],
      sprintf("%.17g", obs$value[i]), obs$label_zh[i], "\\n", sep = "\\t")
`;
}

interface Observation {
  observation_id: string;
  period: string;
  area_code: string;
  source_paragraphs: string;
  value: number;
  label_zh: string;
}

describe.skipIf(skip)('the README R snippet', () => {
  let dist: string;
  let snippet: string;

  beforeAll(async () => {
    if (!hasReadr) throw new Error(`${RSCRIPT} cannot load readr and CI is set: .ci/run must install r-cran-readr`);
    snippet = await readmeSnippet('r', 'r');
    dist = path.join(await tempDir('r-'), 'dist');
    const r = await cli('publish', '--raw', REPORTS_RAW, '--texts', REPORTS_TEXTS, '--dist', dist);
    expect(r.code, r.err).toBe(0);
  });

  test('points at the local dist/ folder that make builds, and says how to point it at a served one', () => {
    expect(snippet).toMatch(
      /^base <- "dist" +# where dist\/ is: this folder after `make`, or the URL it is served at$/m,
    );
  });

  test('by a local path: every observation as published, and the progress table in full', async () => {
    const file = path.join(await tempDir('r-'), 'snippet.R');
    await writeFile(file, program(snippet, dist));
    // a UTF-8 locale, as an analyst's R session has: in the C locale R prints Chinese as <U+...> escapes
    const r = spawnSync(RSCRIPT, [file], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
    expect(r.status, r.stderr).toBe(0);
    const observations = await readJson<Observation[]>(path.join(dist, 'latest', 'observations.json'));
    expect(r.stdout).toContain(`${observations.length} observations`);
    const read = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('OBS\t'))
      .map((l) => {
        const [, observation_id, period, area_code, source_paragraphs, value, label_zh] = l.split('\t');
        return { observation_id, period, area_code, source_paragraphs, value: Number(value), label_zh };
      });
    expect(read).toEqual(
      observations.map(({ observation_id, period, area_code, source_paragraphs, value, label_zh }) => ({
        observation_id,
        period,
        area_code,
        source_paragraphs,
        value,
        label_zh,
      })),
    );
    const progress = await readJson<ProgressRecord[]>(path.join(dist, 'latest', 'progress.json'));
    expect(progressNotShown(r.stdout, progress)).toEqual([]);
  });
});
