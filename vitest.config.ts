import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The files `make test-quick` (QUICK=1) leaves out, for the inner loop: they drive real clients (Chromium, R,
 * pandas, LibreOffice, npm, make), run the compiled CLI in many child processes (kills, races, the scheduler's
 * ticks, disk faults), or hammer a server for seconds. `make test` runs them all.
 */
export const SLOW_FILES = [
  'tests/browser.test.ts',
  'tests/cli.test.ts',
  'tests/docs.test.ts',
  'tests/environment.test.ts',
  'tests/lock.test.ts',
  'tests/readme-pandas.test.ts',
  'tests/readme-r.test.ts',
  'tests/schedule.test.ts',
  'tests/serve.test.ts',
  'tests/versions.test.ts',
  'tests/workbook.test.ts',
  'tests/writer-thread.test.ts',
];

/**
 * The data checks: the files that read the project's raw/ or source texts (helpers.ts: RAW, SOURCE_TEXT).
 * `make test-series` (SERIES=1) runs only these, on a copy of the data with three synthetic sources added;
 * tests/data-files.test.ts checks that every file reading them is listed.
 */
export const DATA_FILES = [
  'tests/account.test.ts',
  'tests/catalog.test.ts',
  'tests/cli.test.ts',
  'tests/data.test.ts',
  'tests/frictionless.test.ts',
  'tests/linked-data.test.ts',
  'tests/output.test.ts',
  'tests/progress.test.ts',
  'tests/publish.test.ts',
  'tests/serve.test.ts',
  'tests/suggest.test.ts',
  'tests/workbook.test.ts',
];

export default defineConfig({
  // TypeScript in .cts files too (core/formats.cts, a CommonJS module the precompiled validators require)
  oxc: { include: /\.(m?ts|cts|tsx)$/ },
  test: {
    include: process.env.SERIES ? DATA_FILES : ['tests/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(process.env.QUICK ? SLOW_FILES : [])],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files wait much of the time (for child processes, Chromium, the scheduler's ticks), so one more runs at
    // once than there are cores; vitest's default, one fewer, runs a single file at a time on two cores.
    maxWorkers: availableParallelism() + 1,
    // Each file in a thread of its own (still isolated: its own modules, globals and process.env) rather than a
    // process of its own: about 15% less CPU for the whole suite. What must be a process (a kill, a signal, a
    // race between two runs, the scheduler) runs the compiled CLI as a child process.
    pool: 'threads',
  },
});
