/**
 * Tests that run the CLI as a child process (kill tests, concurrent publishes, the schedule) run the
 * compiled build/, so it must never be stale. `make test` and `make test-quick` have just built it: then this
 * only asks make whether build/ is current (`make -q build`, the Makefile's own rule: build/.built newer than
 * every source, schema and the lockfile) and compiles nothing. Run any other way (`npx vitest` after editing a
 * source), it builds what is stale with `make build` first, saying so; in watch mode, before every rerun too.
 *
 * With SERIES set (`make test-series`), it also makes the copy of raw/ and the source texts with three synthetic
 * sources added (tests/series.ts) and hands its folders to the tests (helpers.ts: RAW, SOURCE_TEXTS).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { addSources, type DataFolders } from './series.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by `make test-series`: the raw/ and texts the data checks read instead of the project's own. */
    data?: DataFolders;
  }
}

const root = path.resolve(import.meta.dirname, '..');

function buildIfStale(): void {
  const make = (args: string[], stdio: 'ignore' | 'inherit') => spawnSync('make', args, { cwd: root, stdio });
  const question = make(['--question', 'build'], 'ignore');
  if (question.error) throw new Error(`cannot run make to check that build/ is current: ${question.error.message}`);
  if (question.status === 0) return;
  console.log('build/ is older than the sources: running make build before the tests');
  const built = make(['build'], 'inherit');
  if (built.status !== 0) throw new Error('make build failed: the tests would run stale code in build/');
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  buildIfStale();
  project.onTestsRerun(buildIfStale);
  if (!process.env.SERIES) return undefined;
  const texts = path.resolve(root, '..', 'shared', 'source');
  const present = existsSync(texts);
  // on CI the texts are there, and a data check that cannot trace fails there rather than skip (tests/data.test.ts)
  if (!present && process.env.CI)
    throw new Error(`the series proof needs the article's source text, and ${texts} is missing`);
  if (!present)
    console.warn(
      `series proof: the source texts ${texts} are not on this machine; the data checks run on raw/ with three sources added, and those that trace say they are SKIPPED`,
    );
  const dir = await mkdtemp(path.join(tmpdir(), 'banan-series-'));
  const data = await addSources({ raw: path.join(root, 'raw'), texts: present ? texts : undefined }, dir);
  console.log(`series proof: the data checks read ${data.raw} and ${data.texts} (raw/ and texts, three sources added)`);
  project.provide('data', data);
  return () => rm(dir, { recursive: true, force: true });
}
